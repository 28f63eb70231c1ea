import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_OVERRIDES } from '../../config/env.js';
import { loadConfig } from '../../config/load.js';
import { sourceKinds, storeKind } from '../../config/schema.js';

// Docker cannot run here, so the compose stack is checked by reading it: every service
// pinned, every mounted file present, and faultline's part valid against its own schema.
const repo = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(`${repo}${path}`, 'utf8');

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, unknown>;
}
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service> };
const services = compose.services;

function mounts(service: Service): Array<{ host: string; container: string }> {
  return (service.volumes ?? []).map((v) => {
    const [host, container] = v.split(':');
    return { host: host ?? '', container: container ?? '' };
  });
}

describe('docker-compose.yml', () => {
  it('has the full stack, each image pinned to a version', () => {
    expect(Object.keys(services).sort()).toEqual([
      'alertmanager',
      'faultline',
      'kafka',
      'otel-collector',
      'redis',
    ]);
    for (const [name, s] of Object.entries(services)) {
      if (name === 'faultline') {
        expect(s.build).toBe('.');
        expect(read('Dockerfile')).toContain('ENTRYPOINT ["node", "dist/cli/main.js"]');
        continue;
      }
      expect(s.image, name).toMatch(/^[\w./-]+:v?\d[\w.-]*$/);
    }
  });

  it('runs Kafka in KRaft mode with a listener the other services can reach', () => {
    const env = services.kafka?.environment ?? {};
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(env.KAFKA_ADVERTISED_LISTENERS).toBe('PLAINTEXT://kafka:9092');
  });

  it("mounts files that exist, and faultline's config validates with the service environment", () => {
    for (const s of Object.values(services)) {
      for (const m of mounts(s)) expect(() => read(m.host.replace(/^\.\//, '')), m.host).not.toThrow();
    }
    const fl = services.faultline!;
    const env = fl.environment ?? {};
    const known = new Set(ENV_OVERRIDES.map((o) => o.variable));
    for (const name of Object.keys(env))
      expect(known.has(name), `${name} is a FAULTLINE_* override`).toBe(true);

    const configMount = mounts(fl).find((m) => fl.command?.includes(m.container));
    expect(configMount).toBeDefined();
    const config = loadConfig({ file: `${repo}${configMount!.host.replace(/^\.\//, '')}`, env });
    expect(storeKind(config)).toBe('redis');
    expect(sourceKinds(config)).toContain('kafka');
    expect(config.kafka.brokers).toEqual([env.FAULTLINE_KAFKA_BROKERS]);
    expect(fl.ports).toContain(`${config.http.port}:${config.http.port}`);
    expect(config.http.host).toBe('0.0.0.0');
  });

  it("points the Collector's kafka exporters at faultline's topics and encodings", () => {
    const fl = services.faultline!;
    const config = loadConfig({ file: `${repo}deploy/faultline.yaml`, env: fl.environment ?? {} });
    const collector = parse(read('deploy/otel-collector.yaml')) as {
      exporters: Record<string, { brokers: string[]; topic: string; encoding: string }>;
      service: { pipelines: Record<string, { exporters: string[] }> };
    };
    const byPipeline = (p: string) =>
      collector.exporters[collector.service.pipelines[p]?.exporters[0] ?? '']!;
    const traces = byPipeline('traces');
    const metrics = byPipeline('metrics');
    expect(traces).toMatchObject({
      topic: config.kafka.topics.spans.name,
      encoding: config.kafka.topics.spans.encoding,
    });
    expect(metrics).toMatchObject({
      topic: config.kafka.topics.metrics.name,
      encoding: config.kafka.topics.metrics.encoding,
    });
    expect(traces.brokers).toEqual(config.kafka.brokers);
    expect(metrics.brokers).toEqual(config.kafka.brokers);
  });

  it("routes Alertmanager's webhook back to faultline's receiver", () => {
    const am = parse(read('deploy/alertmanager.yml')) as {
      receivers: Array<{ webhook_configs?: Array<{ url: string }> }>;
    };
    const urls = am.receivers.flatMap((r) => r.webhook_configs ?? []).map((w) => w.url);
    expect(urls).toContain('http://faultline:8080/api/v1/alertmanager/webhook');
  });
});
