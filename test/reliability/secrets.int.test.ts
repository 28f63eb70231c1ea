import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Admin, Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../support/services.js';
import {
  availabilitySlos,
  Engines,
  type RunningEngine,
  readiness,
  sloCounts,
  stopEngine,
  writeConfig,
} from './support/engine.js';
import { ExtraBroker } from './support/extra-broker.js';
import { OwnRedis } from './support/own-redis.js';
import { freePortRun, waitFor } from './support/ports.js';
import { TestRedisCluster } from './support/redis-cluster.js';
import { sloMessage } from './support/telemetry.js';

// Credentials on every link, and none of them ever in a log line or an API response: the
// engine reads Kafka over SASL/PLAIN (a broker of this test's own), stores in a Redis of its
// own that wants AUTH over TLS (a CA made here with openssl), guards its API with a token
// and a basic-auth user, and notifies Slack, a webhook and Alertmanager at URLs holding
// secrets (a local server that fails every call, so errors get logged). (Node's fetch
// refuses URLs with `user:password@`, so the Alertmanager secret is a path prefix here.) Everything the
// engine prints, at trace level, and every read endpoint's answer is searched for each secret.
const SECRETS = {
  kafka: 'kafka-sasl-Pa55word-7f3a',
  scram: 'kafka-scram-Pa55word-2b4d',
  redis: 'redis-auth-Pa55word-91c2',
  redisUser: 'redis-acl-Pa55word-8e1f',
  redisCluster: 'redis-cluster-Pa55word-4c7a',
  token: 'api-token-5e1f0c7a9b3d2e4f',
  basic: 'basic-Pa55word-6d8e2a',
  receiver: 'receiver-token-0a9b8c7d6e5f',
  slack: 'SLACKSECRETxQ2wE4rT6y',
  webhookPath: 'hookpathsecretZ9x8c7',
  webhook: 'webhook-hmac-secret-3c5e7g9i',
  alertmanager: 'amprefixsecret4b6d',
};
const SLO = 'checkout/availability';
const topic = uniqueName('secret-spans');
const engines = new Engines();
let broker: ExtraBroker;
let redis: OwnRedis;
/** Wants the engine's client certificate, and has an ACL user. */
let mtlsRedis: OwnRedis;
let failing: Server;
let failed = 0;
const failedPaths = new Set<string>();
let caFile: string;
/** The test's CA (ca.crt) and a server certificate for 127.0.0.1 (server.crt, server.key). */
let tlsDir: string;
let admin: Admin;
let producer: Producer;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-tls-'));
  tlsDir = dir;
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '1',
    '-subj',
    '/CN=faultline-test-ca',
  );
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  // <name>.key and <name>.crt, signed by the CA: the servers' (127.0.0.1) and the engine's own.
  for (const [name, subject, ext] of [
    ['server', '/CN=127.0.0.1', ['-extfile', 'san.cnf']],
    ['client', '/CN=faultline', []],
  ] as const) {
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      subject,
    );
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '1',
      ...ext,
    );
  }
  caFile = join(dir, 'ca.crt');

  const server = { certFile: join(dir, 'server.crt'), keyFile: join(dir, 'server.key'), caFile };
  [broker, redis, mtlsRedis] = await Promise.all([
    ExtraBroker.start({
      saslUsers: [`faultline:${SECRETS.kafka}`],
      scramUsers: [`faultline:${SECRETS.scram}`],
      clientCa: caFile,
    }),
    OwnRedis.start({ password: SECRETS.redis, tls: server }),
    OwnRedis.start({
      user: { name: 'faultline', password: SECRETS.redisUser },
      tls: { ...server, requireClientCert: true },
    }),
  ]);
  failing = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      failed++;
      failedPaths.add(new URL(req.url ?? '/', 'http://x').pathname.split('/')[1] ?? '');
      res.writeHead(500).end('no');
    });
  });
  await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
  const kafka = new Kafka({ clientId: 'secrets-test', brokers: broker.brokers, logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 2 }, { topic: `${topic}-metrics` }],
  });
}, 240_000);

afterAll(async () => {
  engines.killAll();
  await Promise.all([admin.disconnect(), producer.disconnect()]).catch(() => {});
  await new Promise((resolve) => failing.close(resolve));
  await Promise.all([broker.destroy(), redis.destroy(), mtlsRedis.destroy()]);
}, 120_000);

/**
 * The engine's config: Kafka over SASL/PLAIN and Redis as its default user, or with `scram`
 * Kafka over TLS with SCRAM-SHA-512 and Redis as an ACL user.
 */
function config(
  o: {
    kafkaPassword?: string;
    redisPassword?: string;
    kafka?: boolean;
    scram?: { topic: string };
    /** Store in this Redis Cluster (TLS, AUTH with `password`) instead of the TLS Redis. */
    cluster?: { nodes: string[]; password: string };
  } = {},
): string {
  const port = (failing.address() as AddressInfo).port;
  const clientCert = `certFile: "${join(tlsDir, 'client.crt')}", keyFile: "${join(tlsDir, 'client.key')}"`;
  const link = o.scram
    ? `  brokers: [127.0.0.1:${broker.scramPort}]
  sasl: { mechanism: scram-sha-512, username: faultline, password: "${SECRETS.scram}" }
  tls: { caFile: "${broker.caFile}", ${clientCert} }`
    : `  brokers: [127.0.0.1:${broker.saslPort}]
  sasl: { mechanism: plain, username: faultline, password: "${o.kafkaPassword ?? SECRETS.kafka}" }`;
  const kafka = `kafka:
${link}
  groupId: ${uniqueName('secret-group')}
  initialOffset: earliest
  topics: { spans: { name: ${o.scram?.topic ?? topic} }, metrics: { name: ${topic}-metrics } }
`;
  const tlsRedis = o.scram
    ? `redis:
  url: "rediss://faultline:${SECRETS.redisUser}@127.0.0.1:${mtlsRedis.port}"
  keyPrefix: "secrets-scram:"
  tls: { caFile: "${caFile}", ${clientCert} }
`
    : `redis:
  url: "rediss://:${o.redisPassword ?? SECRETS.redis}@127.0.0.1:${redis.port}"
  keyPrefix: "secrets:"
  tls: { caFile: "${caFile}" }
`;
  const clusterRedis = `redis:
  url: "rediss://:${o.cluster?.password}@127.0.0.1"
  clusterNodes: [${o.cluster?.nodes.join(', ')}]
  keyPrefix: "secrets-cluster:"
  tls: { caFile: "${caFile}" }
`;
  return writeConfig(
    `http: { port: 0 }
otlp: { port: 0 }
${o.kafka === false ? '' : kafka}${o.cluster ? clusterRedis : tlsRedis}slos: { files: [slos.yaml] }
auth:
  bearerTokens: ["${SECRETS.token}"]
  basicAuth: [{ username: ops, password: "${SECRETS.basic}" }]
alerting:
  rules: { keepFiringForMs: 0, noData: { enabled: false } }
  evaluation: { schedule: "* * * * * *" }
  lease: { periodMs: 2000 }
  dispatch: { intervalMs: 200, initialBackoffMs: 200, maxBackoffMs: 1000 }
  receiver: { bearerToken: "${SECRETS.receiver}" }
  notifiers:
    alertmanager: { urls: ["http://127.0.0.1:${port}/${SECRETS.alertmanager}"], resendIntervalMs: 1000 }
    slack: [{ name: oncall, webhookUrl: "http://127.0.0.1:${port}/services/T0/B0/${SECRETS.slack}" }]
    webhook: [{ name: ops, url: "http://127.0.0.1:${port}/${SECRETS.webhookPath}", secret: "${SECRETS.webhook}" }]
log: { level: trace }
`,
    availabilitySlos('checkout'),
  );
}

/** Every read endpoint's answer, with the API token and without it. */
async function readEverything(engine: RunningEngine): Promise<string> {
  const urls = [
    '/healthz',
    '/readyz',
    '/metrics',
    '/api/v1/slos',
    `/api/v1/slos/${encodeURIComponent(SLO)}`,
    '/api/v1/alerts',
    '/api/v1/topology',
    '/api/v1/series?service=checkout',
    '/api/v1/alertmanager/alerts',
    '/',
  ];
  let text = '';
  for (const url of urls) {
    for (const headers of [{}, { authorization: `Bearer ${SECRETS.token}` }] as Array<
      Record<string, string>
    >) {
      const res = await fetch(`${engine.api}${url}`, { headers });
      text += `${url} ${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}\n`;
    }
  }
  // Writes, with wrong and right credentials: errors must not echo what was sent either.
  for (const authorization of [`Bearer ${SECRETS.token}x`, `Bearer ${SECRETS.receiver}`, 'Bearer nope']) {
    const res = await fetch(`${engine.api}/api/v1/alertmanager/webhook`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: '{"version":"4","alerts":"not a list"}',
    });
    text += `webhook ${res.status} ${await res.text()}\n`;
  }
  return text;
}

function leaks(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, secret]) => text.includes(secret))
    .map(([name]) => name);
}

describe('secrets and secured links', () => {
  it('reads Kafka over SASL/PLAIN, stores in Redis with AUTH over TLS, and never shows a secret', async () => {
    const engine = await engines.start(config(), { FAULTLINE_LOG_LEVEL: 'trace' });
    const expected = { good: 0, total: 0 };
    for (let i = 0; i < 10; i++) {
      await producer.send({
        topic,
        messages: [{ value: Buffer.from(sloMessage('checkout', 50, 5, Date.now() - 30_000)) }],
      });
      expected.total += 50;
      expected.good += 45;
    }
    await waitFor(
      'counted over SASL into Redis over TLS',
      async () => (await sloCounts(engine.api, SLO)).total === expected.total,
      60_000,
    );
    expect(await sloCounts(engine.api, SLO)).toEqual(expected);
    expect(await readiness(engine.api)).toEqual({ status: 200, failing: [] });
    // The alerts fire; every notifier fails against the local server and logs why.
    await waitFor('every notifier tried and failed', () => failedPaths.size >= 3, 60_000);
    expect([...failedPaths].sort()).toEqual([SECRETS.alertmanager, 'services', SECRETS.webhookPath].sort());
    const responses = await readEverything(engine);
    expect(await stopEngine(engine)).toBe(0);

    // The same engine with a wrong Kafka password does not start; with a wrong Redis password
    // it runs and reports Redis not ready.
    const badKafka = await engines
      .start(config({ kafkaPassword: 'wrong-kafka-password' }))
      .catch((e: Error) => e);
    expect(badKafka).toBeInstanceOf(Error);
    expect(String(badKafka)).toMatch(/exited with 1/);
    const badRedis = await engines.start(config({ redisPassword: 'wrong-redis-password', kafka: false }));
    const notReady = await readiness(badRedis.api);
    // The window-layout migration at start waits for Redis, so it is not done either.
    expect(notReady).toEqual({ status: 503, failing: ['redis', 'window-migration'] });
    const badResponses = await readEverything(badRedis);
    expect(await stopEngine(badRedis)).toBe(0);

    const logs = engines.all.map((e) => `${e.lines.join('\n')}\n${e.stderr()}`).join('\n');
    expect(logs.length).toBeGreaterThan(10_000);
    expect(logs).toContain('SASL');
    expect(leaks(logs)).toEqual([]);
    expect(leaks(responses + badResponses)).toEqual([]);
    console.log(
      `secrets: ${logs.length} bytes of logs and ${responses.length + badResponses.length} bytes of answers searched; ${failed} failed notifier calls`,
    );
  }, 300_000);

  it('reads Kafka over mutual TLS with SCRAM-SHA-512 and stores in Redis as an ACL user over mutual TLS, showing no secret', async () => {
    const scramTopic = uniqueName('scram-spans');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: scramTopic, numPartitions: 2 }] });
    const engine = await engines.start(config({ scram: { topic: scramTopic } }), {
      FAULTLINE_LOG_LEVEL: 'trace',
    });
    // The engine knows only the SASL_SSL port, so what it counts came over TLS with SCRAM;
    // the test produces over the same kind of link.
    const scramKafka = new Kafka({
      clientId: 'secrets-scram-test',
      brokers: [`127.0.0.1:${broker.scramPort}`],
      ssl: {
        ca: [readFileSync(broker.caFile, 'utf8')],
        cert: readFileSync(join(tlsDir, 'client.crt'), 'utf8'),
        key: readFileSync(join(tlsDir, 'client.key'), 'utf8'),
      },
      sasl: { mechanism: 'scram-sha-512', username: 'faultline', password: SECRETS.scram },
      logLevel: logLevel.NOTHING,
    });
    const scramProducer = scramKafka.producer();
    await scramProducer.connect();
    for (let i = 0; i < 4; i++) {
      await scramProducer.send({
        topic: scramTopic,
        messages: [{ value: Buffer.from(sloMessage('checkout', 50, 5, Date.now() - 30_000)) }],
      });
    }
    await scramProducer.disconnect();
    await waitFor(
      'counted over SCRAM/TLS into Redis as an ACL user',
      async () => (await sloCounts(engine.api, SLO)).total === 200,
      60_000,
    );
    expect(await sloCounts(engine.api, SLO)).toEqual({ good: 180, total: 200 });
    expect(await readiness(engine.api)).toEqual({ status: 200, failing: [] });
    const responses = await readEverything(engine);
    expect(await stopEngine(engine)).toBe(0);
    const logs = `${engine.lines.join('\n')}\n${engine.stderr()}`;
    expect(leaks(logs)).toEqual([]);
    expect(leaks(responses)).toEqual([]);
  }, 180_000);

  it('stores in a Redis Cluster over TLS with AUTH, and reports a wrong cluster password not ready', async () => {
    const cluster = new TestRedisCluster({
      ports: await freePortRun(3).then((p) => [p, p + 1, p + 2]),
      password: SECRETS.redisCluster,
      tlsDir,
    });
    await cluster.up();
    try {
      const engine = await engines.start(
        config({ kafka: false, cluster: { nodes: cluster.nodes, password: SECRETS.redisCluster } }),
        {
          FAULTLINE_LOG_LEVEL: 'trace',
        },
      );
      const res = await fetch(`${engine.otlp}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: sloMessage('checkout', 50, 5, Date.now() - 30_000),
      });
      expect(res.status).toBe(200);
      await waitFor(
        'counted in the cluster',
        async () => (await sloCounts(engine.api, SLO)).total === 50,
        30_000,
      );
      expect(await sloCounts(engine.api, SLO)).toEqual({ good: 45, total: 50 });
      expect(await readiness(engine.api)).toEqual({ status: 200, failing: [] });
      const responses = await readEverything(engine);
      expect(await stopEngine(engine)).toBe(0);

      const wrong = await engines.start(
        config({ kafka: false, cluster: { nodes: cluster.nodes, password: 'wrong-cluster-password' } }),
      );
      expect(await readiness(wrong.api)).toEqual({ status: 503, failing: ['redis', 'window-migration'] });
      expect(await stopEngine(wrong)).toBe(0);

      const logs = [engine, wrong].map((e) => `${e.lines.join('\n')}\n${e.stderr()}`).join('\n');
      expect(leaks(logs)).toEqual([]);
      expect(leaks(responses)).toEqual([]);
    } finally {
      await cluster.down();
    }
  }, 180_000);
});
