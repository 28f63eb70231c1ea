import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoSloFile } from '../../cli/demo/demo-slos.js';
import { spawnEngine } from '../support/engine-process.js';

describe('faultline sim run --out files writes what faultline backtest --input <dir> reads', () => {
  it('regression: the ground-truth.json beside the telemetry made backtest fail with FL_BACKTEST_DECODE', async () => {
    const work = mkdtempSync(join(tmpdir(), 'fl-sim-backtest-'));
    const dir = join(work, 'out');
    const sim = spawnEngine([
      'sim',
      'run',
      '--seed',
      '3',
      '--from',
      '2025-01-06T00:00:00Z',
      '--to',
      '2025-01-06T00:20:00Z',
      '--fault',
      'error:carts:30%@+5m/10m',
      '--out',
      'files',
      '--dir',
      dir,
      '--quiet',
    ]);
    expect(await sim.exited).toBe(0);
    expect(readdirSync(dir)).toContain('ground-truth.json');

    const config = join(work, 'faultline.yaml');
    writeFileSync(config, `slos:\n  files: [${JSON.stringify(demoSloFile())}]\n`);
    const backtest = spawnEngine(['backtest', '--config', config, '--input', dir, '--json']);
    expect(await backtest.exited, backtest.stderr()).toBe(0);
    const result = JSON.parse(backtest.lines.join('\n')) as {
      timeline: Array<{ service: string; to: string }>;
    };
    // the injected carts errors page someone: the directory was read as telemetry
    expect(result.timeline.some((t) => t.service === 'carts' && t.to === 'firing')).toBe(true);
  }, 240_000);
});
