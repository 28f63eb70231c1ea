import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rcaEvalCommand } from '../../../cli/rca-eval.js';
import { twoEqualCallees } from '../synthetic.js';
import { capture } from './capture.js';

const T = Date.UTC(2024, 0, 1, 12);

describe('rca-eval with both rankers', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'faultline-rankers-'));
    const input = twoEqualCallees(T);
    const rows = ['time,node,signal,value'];
    for (const [node, signals] of input.series) {
      for (const [signal, points] of signals)
        for (const p of points) rows.push(`${p.t / 1000},${node},${signal},${p.v}`);
    }
    for (const rootCause of ['a', 'b']) {
      const dir = join(root, `case-${rootCause}`);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'metrics.csv'), `${rows.join('\n')}\n`);
      await writeFile(join(dir, 'graph.csv'), 'source,target\nfe,a\nfe,b\n');
      await writeFile(
        join(dir, 'case.json'),
        JSON.stringify({
          anomalyTime: T / 1000,
          slo: { node: 'fe', signal: 'latency_p99' },
          rootCause,
          faultType: 'cpu',
        }),
      );
    }
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reports the other ranker beside faultline, and --ranker picks which is faultline', async () => {
    const classic = JSON.parse(
      (await capture(() => rcaEvalCommand(['--cases', root, '--json', '--stats']))).out,
    );
    const calibrated = JSON.parse(
      (await capture(() => rcaEvalCommand(['--cases', root, '--json', '--stats', '--ranker', 'calibrated'])))
        .out,
    );
    expect(classic.ranker).toBe('classic');
    expect(Object.keys(classic.rankers)).toEqual(['calibrated']);
    expect(calibrated.ranker).toBe('calibrated');
    expect(Object.keys(calibrated.rankers)).toEqual(['classic']);
    // The same two rankings, under swapped names.
    expect(calibrated.rankers.classic).toEqual({ ac1: classic.ac1, ac3: classic.ac3, avg5: classic.avg5 });
    expect(classic.rankers.calibrated).toEqual({
      ac1: calibrated.ac1,
      ac3: calibrated.ac3,
      avg5: calibrated.avg5,
    });
    expect(Object.keys(classic.baselines)).toEqual(['robust', 'zscore', 'correlation', 'baro']);
    expect(Object.keys(classic.intervals)).toEqual([
      'faultline',
      'calibrated',
      'robust',
      'zscore',
      'correlation',
      'baro',
    ]);
    expect(Object.keys(classic.byFaultType.cpu.methods)).toContain('calibrated');
  });

  it('prints the other ranker as its own row', async () => {
    const text = await capture(() => rcaEvalCommand(['--cases', root]));
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^calibrated\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}$/m);
    expect(text.out).toMatch(/^baro\s+\d\.\d{3}/m);
    expect(text.out).toMatch(/faultline - calibrated \(AC@1, paired\)/);
  });

  it('exits 2 on an unknown ranker', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect((await capture(() => rcaEvalCommand(['--cases', root, '--ranker', 'bogus']))).code).toBe(2);
    } finally {
      err.mockRestore();
    }
  });
});
