import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasCode } from '../../core/faultline-error.js';
import { decodeMetrics, decodeSpans } from '../../ingest/decode/index.js';
import { FileEmitter } from '../../sim/emitters/files.js';
import { MemoryEmitter } from '../../sim/emitters/memory.js';
import { OtlpHttpEmitter } from '../../sim/emitters/otlp-http.js';
import { parseFault } from '../../sim/faults.js';
import { runSimulation } from '../../sim/run.js';
import { T0 } from './sim-support.js';

const options = {
  seed: 21,
  fromMs: T0,
  toMs: T0 + 60_000,
  load: { rate: 5 },
  faults: [parseFault('error:carts:20%@+10s/20s', T0)],
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'faultline-sim-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function server(
  handle: (req: IncomingMessage, body: Buffer) => { status: number; headers?: Record<string, string> },
) {
  const srv: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = handle(req, Buffer.concat(chunks));
      res.writeHead(r.status, { 'content-type': 'application/x-protobuf', ...r.headers });
      res.end();
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => srv.close(() => resolve())));
  return `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
}

describe('memory emitter', () => {
  it('hands every payload to the callback, the ground truth first, and is closed at the end', async () => {
    const seen: string[] = [];
    const emitter = new MemoryEmitter((p) => {
      seen.push(p.signal);
    });
    const summary = await runSimulation(options, emitter);
    expect(emitter.truth).toEqual(summary.groundTruth);
    expect(emitter.truth[0]).toMatchObject({ type: 'error', target: 'carts', magnitude: 0.2 });
    expect(seen.length).toBe(summary.payloads);
    expect(seen.filter((s) => s === 'metrics')).toHaveLength(6);
    expect(emitter.payloads).toEqual([]);
    expect(emitter.closed).toBe(true);
  });
});

describe('file emitter', () => {
  it('writes .binpb files and OTLP/JSON lines that decode to the same spans, and the ground truth', async () => {
    const dir = await tempDir();
    const summary = await runSimulation(options, new FileEmitter({ dir, formats: ['binpb', 'ndjson'] }));
    const files = (await readdir(dir)).sort();
    expect(files).toContain('traces-000001.binpb');
    expect(files).toContain('metrics-000006.binpb');
    expect(files).toContain('traces.ndjson');
    expect(files).toContain('metrics.ndjson');
    const truth = JSON.parse(await readFile(join(dir, 'ground-truth.json'), 'utf8'));
    expect(truth).toEqual(summary.groundTruth);

    const binSpans = [];
    for (const f of files.filter((x) => x.startsWith('traces-')))
      binSpans.push(...decodeSpans(await readFile(join(dir, f)), 'otlp_proto'));
    const lines = (await readFile(join(dir, 'traces.ndjson'), 'utf8')).trim().split('\n');
    const jsonSpans = lines.flatMap((l) => decodeSpans(Buffer.from(l), 'otlp_json'));
    expect(binSpans).toHaveLength(summary.spans);
    expect(jsonSpans).toEqual(binSpans);

    const metricLines = (await readFile(join(dir, 'metrics.ndjson'), 'utf8')).trim().split('\n');
    const jsonPoints = metricLines.flatMap((l) => decodeMetrics(Buffer.from(l), 'otlp_json'));
    const binPoints = [];
    for (const f of files.filter((x) => x.startsWith('metrics-')))
      binPoints.push(...decodeMetrics(await readFile(join(dir, f)), 'otlp_proto'));
    expect(jsonPoints).toEqual(binPoints);
    expect(binPoints).toHaveLength(summary.metricPoints);
  });

  it('fails with FL_SIM_EMIT when it cannot write', async () => {
    const dir = await tempDir();
    const file = join(dir, 'not-a-dir');
    await runSimulation({ ...options, toMs: T0 + 10_000 }, new FileEmitter({ dir }));
    await import('node:fs/promises').then((fs) => fs.writeFile(file, 'x'));
    const err = await runSimulation(
      { ...options, toMs: T0 + 10_000 },
      new FileEmitter({ dir: join(file, 'sub') }),
    ).catch((e: unknown) => e);
    expect(hasCode(err, 'FL_SIM_EMIT')).toBe(true);
  });
});

describe('OTLP/HTTP emitter', () => {
  it('POSTs protobuf to /v1/traces and /v1/metrics', async () => {
    const got: Array<{ path: string; type: string; body: Buffer }> = [];
    const url = await server((req, body) => {
      got.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body });
      return { status: 200 };
    });
    const summary = await runSimulation(options, new OtlpHttpEmitter({ url: `${url}/` }));
    expect(got).toHaveLength(summary.payloads);
    expect(new Set(got.map((g) => g.type))).toEqual(new Set(['application/x-protobuf']));
    const traces = got.filter((g) => g.path === '/v1/traces');
    const metrics = got.filter((g) => g.path === '/v1/metrics');
    expect(traces.flatMap((g) => decodeSpans(g.body, 'otlp_proto'))).toHaveLength(summary.spans);
    expect(metrics.flatMap((g) => decodeMetrics(g.body, 'otlp_proto'))).toHaveLength(summary.metricPoints);
  });

  it('retries 503 answers honouring Retry-After, and fails the run on a 400', async () => {
    let calls = 0;
    const flaky = await server(() =>
      ++calls % 2 === 1 ? { status: 503, headers: { 'retry-after': '0' } } : { status: 200 },
    );
    const summary = await runSimulation(
      { ...options, toMs: T0 + 20_000 },
      new OtlpHttpEmitter({ url: flaky, concurrency: 1 }),
    );
    expect(calls).toBe(2 * summary.payloads);

    const refusing = await server(() => ({ status: 400 }));
    const err = await runSimulation(
      { ...options, toMs: T0 + 20_000 },
      new OtlpHttpEmitter({ url: refusing }),
    ).catch((e: unknown) => e);
    expect(hasCode(err, 'FL_SIM_EMIT')).toBe(true);
  });
});
