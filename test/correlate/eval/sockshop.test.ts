import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { convertSockshopCommand } from '../../../cli/convert-sockshop.js';
import { rcaCommand } from '../../../cli/rca.js';
import { rcaEvalCommand } from '../../../cli/rca-eval.js';
import { CorrelateErrorCode } from '../../../correlate/errors.js';
import { parseMetricsCsv } from '../../../correlate/eval/case-format.js';
import { evaluateCases } from '../../../correlate/eval/evaluate.js';
import { convertSockshop, sockshopEdges, splitColumn } from '../../../correlate/eval/sockshop.js';
import { capture } from './capture.js';

const HEADER = 'time,front-end_cpu,api_cpu,api-db_cpu,api_mem,api_lat_90,web_lat_90';
const MPG = [
  ',source,destination,weight',
  '0,unknown,front-end,1',
  '1,front-end,api,1',
  '2,api,api-db,1',
  '3,front-end,web,1',
  '4,api,kubernetes-minion-group-abcd,1',
  '5,front-end,api,1',
].join('\n');

/** Wide rows; `faulty` names the column that steps up by 50 in the anomalous file. */
function wide(start: number, rows: number, faulty: string | undefined, seed: number): string {
  const cols = HEADER.split(',').slice(1);
  const lines = [HEADER];
  for (let r = 0; r < rows; r++) {
    const values = cols.map((c, i) => 10 + i + ((r * 7 + i * 3 + seed) % 5) * 0.1 + (c === faulty ? 50 : 0));
    lines.push([start + r, ...values].join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe('Sock Shop conversion', () => {
  let dir: string;
  let data: string;
  let out: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fl-sockshop-'));
    data = join(dir, 'data');
    out = join(dir, 'cases');
    const cases: Array<[string, string, number, number]> = [
      ['api-cpu/1', 'api_cpu', 1000, 9000],
      ['api-mem/1', 'api_mem', 2000, 9500],
      ['api-mem/2', 'api-db_cpu', 20_000, 10_000], // normal recorded after the fault, as in orders-mem/5
      ['web-cpu/1', 'web_lat_90', 3000, 12_000],
    ];
    for (const [name, faulty, normalStart, anomalousStart] of cases) {
      await mkdir(join(data, name), { recursive: true });
      await writeFile(join(data, name, 'normal.csv'), wide(normalStart, 240, undefined, 1));
      await writeFile(join(data, name, 'anomalous.csv'), wide(anomalousStart, 40, faulty, 2));
    }
    await writeFile(join(dir, 'mpg.csv'), MPG);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('splits a column at its first underscore', () => {
    expect(splitColumn('carts-db_cpu')).toEqual({ node: 'carts-db', signal: 'cpu' });
    expect(splitColumn('carts_lat_90')).toEqual({ node: 'carts', signal: 'lat_90' });
    expect(splitColumn('nounderscore')).toBeUndefined();
  });

  it('keeps the call graph: no host rows, no user-traffic row, no duplicates', () => {
    expect(sockshopEdges(MPG)).toEqual([
      { source: 'front-end', target: 'api' },
      { source: 'api', target: 'api-db' },
      { source: 'front-end', target: 'web' },
    ]);
  });

  it('writes one case per <service>-<fault>/<n> in the case format', async () => {
    const { code, out: printed } = await capture(() =>
      convertSockshopCommand(['--data', data, '--graph', join(dir, 'mpg.csv'), '--out', out]),
    );
    expect(code).toBe(0);
    expect(printed).toContain('wrote 4 cases');
    const spec = JSON.parse(await readFile(join(out, 'api-mem', '2', 'case.json'), 'utf8'));
    expect(spec).toEqual({
      anomalyTime: 10_000,
      slo: { node: 'front-end', signal: 'lat_90_ratio' },
      rootCause: 'api',
    });
    expect(await readFile(join(out, 'api-cpu', '1', 'graph.csv'), 'utf8')).toBe(
      'source,target\nfront-end,api\napi,api-db\nfront-end,web\n',
    );
    const series = parseMetricsCsv(await readFile(join(out, 'api-mem', '2', 'metrics.csv'), 'utf8'), 'm');
    const cpu = series.get('api-db')?.get('cpu') ?? [];
    expect(cpu).toHaveLength(280);
    // Normal rows moved to end one second before the anomaly; values untouched.
    expect(cpu[239]).toEqual({ t: 9_999_000, v: expect.closeTo(10 + 2 + 0.1 * ((239 * 7 + 6 + 1) % 5), 10) });
    expect(cpu[0]?.t).toBe(9_760_000);
    expect(cpu[240]?.t).toBe(10_000_000);
    const sli = series.get('front-end')?.get('lat_90_ratio') ?? [];
    expect(sli).toHaveLength(280);
    expect(sli.slice(0, 240).every((p) => Math.abs(p.v - 1) < 0.05)).toBe(true);
  });

  it('scores the converted cases with rca-eval, as JSON and as text', async () => {
    const report = await evaluateCases(out);
    expect(report.cases).toBe(4);
    expect(report.results.map((r) => [r.case, r.rootCause, r.rank])).toEqual([
      ['api-cpu/1', 'api', 1],
      ['api-mem/1', 'api', 1],
      ['api-mem/2', 'api', 1],
      ['web-cpu/1', 'web', 1],
    ]);
    const json = await capture(() => rcaEvalCommand(['--cases', out, '--json']));
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out);
    expect(Object.keys(parsed)).toEqual(['cases', 'ac1', 'ac3', 'avg5', 'results', 'baselines']);
    expect(parsed).toMatchObject({ cases: 4, ac1: 1, ac3: 1, avg5: 1 });
    expect(Object.keys(parsed.baselines)).toEqual(['robust', 'zscore', 'correlation']);
    const text = await capture(() => rcaEvalCommand(['--cases', out]));
    expect(text.out).toMatch(/faultline\s+1\.000\s+1\.000\s+1\.000/);
  });

  it('prints one ranking with rca', async () => {
    const json = await capture(() => rcaCommand(['--case', join(out, 'api-cpu', '1'), '--json']));
    const ranking = JSON.parse(json.out);
    expect(ranking.candidates[0]).toMatchObject({ rank: 1, node: 'api', path: ['front-end', 'api'] });
    const text = await capture(() => rcaCommand(['--case', join(out, 'api-cpu', '1')]));
    expect(text.out).toMatch(/^1\s+api\s/m);
  });

  it('answers usage errors with exit code 2 and a bad dataset with a stable code', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await rcaCommand([])).toBe(2);
      expect(await rcaEvalCommand(['--cases', out, '--level', 'pod'])).toBe(2);
      // the bin prints a UsageError with the usage and exits 2 (test/cli/usage.int.test.ts)
      await expect(convertSockshopCommand(['--bogus'])).rejects.toMatchObject({ code: 'FL_CLI_USAGE' });
    } finally {
      err.mockRestore();
    }
    await expect(
      convertSockshop({ dataDir: join(dir, 'missing'), outDir: join(dir, 'x') }),
    ).rejects.toMatchObject({
      code: CorrelateErrorCode.InvalidDataset,
    });
  });
});
