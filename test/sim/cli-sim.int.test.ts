import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeSpans } from '../../ingest/decode/index.js';
import { spawnEngine } from '../support/engine-process.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'faultline-sim-cli-'));
  dirs.push(d);
  return d;
}

describe('faultline sim (a real process)', () => {
  it('run: writes files and prints the ground truth', async () => {
    const dir = await tempDir();
    const sim = spawnEngine([
      'sim',
      'run',
      '--seed',
      '7',
      '--from',
      '2025-01-06T00:00:00Z',
      '--to',
      '2025-01-06T00:02:00Z',
      '--rate',
      '3',
      '--fault',
      'latency:carts:+300ms@+30s/1m',
      '--fault',
      'outage:user-db:timeout@+1m/30s',
      '--out',
      'files',
      '--dir',
      dir,
      '--format',
      'both',
    ]);
    expect(await sim.exited).toBe(0);
    const truth = sim.lines.map((l) => JSON.parse(l));
    expect(truth).toEqual([
      expect.objectContaining({
        type: 'latency',
        target: 'carts',
        magnitude: 300,
        start: '2025-01-06T00:00:30.000Z',
        end: '2025-01-06T00:01:30.000Z',
      }),
      expect.objectContaining({ type: 'outage', target: 'user-db', mode: 'timeout', startUnix: 1736121660 }),
    ]);
    expect(sim.stderr()).toMatch(/12 steps, \d+ traces, \d+ spans/);
    const files = await readdir(dir);
    expect(files).toContain('traces.ndjson');
    expect(files).toContain('ground-truth.json');
    const first = await readFile(join(dir, 'traces-000001.binpb'));
    expect(decodeSpans(first, 'otlp_proto').length).toBeGreaterThan(0);
  });

  it('cases: writes the case directories and one JSON line per case', async () => {
    const dir = await tempDir();
    const sim = spawnEngine([
      'sim',
      'cases',
      '--out',
      dir,
      '--count',
      '2',
      '--seed',
      '3',
      '--lookback',
      '2m',
      '--after',
      '1m',
      '--quiet',
    ]);
    expect(await sim.exited).toBe(0);
    expect(sim.lines.map((l) => JSON.parse(l).case)).toEqual((await readdir(dir)).sort());
  });

  it('rejects bad flags with exit code 2 and FL_SIM_INVALID', async () => {
    const sim = spawnEngine([
      'sim',
      'run',
      '--seed',
      '1',
      '--from',
      '2025-01-06T00:00:00Z',
      '--out',
      'files',
      '--fault',
      'latency:nowhere:+1s@+0s/1m',
    ]);
    expect(await sim.exited).toBe(2);
    expect(sim.stderr()).toContain('FL_SIM_INVALID');
  });
});
