import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real Prometheus (Debian's binary) on loopback, scraping the given targets every second. */
export interface PrometheusProcess {
  url: string;
  /** Instant query; the result vector. */
  query(promql: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  /** Waits (bounded) until `promql` returns at least one series. */
  waitFor(promql: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A free loopback port, as the OS hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Starts Prometheus with a temporary config and data directory, listening on a free
 * loopback port; resolves once it is ready (within 60 s) and stops it by pid.
 */
export async function startPrometheus(targets: readonly string[]): Promise<PrometheusProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      '  - job_name: faultline',
      `    static_configs: [{ targets: [${targets.map((t) => `"${t}"`).join(', ')}] }]`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const until = async (ok: () => Promise<boolean>, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`prometheus exited: ${stderr.slice(-2000)}`);
      if (await ok().catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`prometheus: ${what} not within ${timeoutMs} ms`);
  };
  try {
    await until(async () => (await fetch(`${url}/-/ready`)).ok, 60_000, 'ready');
  } catch (err) {
    await stop();
    throw err;
  }
  const query: PrometheusProcess['query'] = async (promql) => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as { status: string; error?: string; data: { result: unknown } };
    if (body.status !== 'success') throw new Error(`query ${promql}: ${body.error ?? res.status}`);
    return body.data.result as Awaited<ReturnType<PrometheusProcess['query']>>;
  };
  return {
    url,
    query,
    waitFor: (promql, timeoutMs = 30_000) =>
      until(async () => (await query(promql)).length > 0, timeoutMs, `data for ${promql}`),
    stop,
  };
}
