import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCode } from '../../../core/faultline-error.js';
import { CorrelateErrorCode } from '../../../correlate/errors.js';
import { parseCaseJson, parseGraphCsv, parseMetricsCsv } from '../../../correlate/eval/case-format.js';
import { caseName, findCaseDirs, readCase } from '../../../correlate/eval/case-io.js';
import { csvField, parseCsvLine } from '../../../correlate/eval/csv.js';

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return hasCode(err, CorrelateErrorCode.InvalidCase) ? err.code : String(err);
  }
  return undefined;
}

describe('case.json', () => {
  it('parses the case and keeps rootCause optional', () => {
    expect(parseCaseJson('{"anomalyTime": 1700000000, "slo": {"node": "fe", "signal": "lat"}}', 'c')).toEqual(
      {
        anomalyTime: 1700000000,
        slo: { node: 'fe', signal: 'lat' },
      },
    );
    expect(
      parseCaseJson('{"anomalyTime": 1, "slo": {"node": "a", "signal": "b"}, "rootCause": "x"}', 'c')
        .rootCause,
    ).toBe('x');
  });

  it('rejects malformed files with FL_CORRELATE_INVALID_CASE', () => {
    for (const text of [
      'nope',
      '[]',
      '{"slo": {"node": "a", "signal": "b"}}',
      '{"anomalyTime": "1", "slo": {"node": "a", "signal": "b"}}',
      '{"anomalyTime": 1, "slo": {"node": "a"}}',
      '{"anomalyTime": 1, "slo": {"node": "a", "signal": "b"}, "rootCause": 3}',
    ]) {
      expect(code(() => parseCaseJson(text, 'case.json'))).toBe(CorrelateErrorCode.InvalidCase);
    }
  });
});

describe('metrics.csv and graph.csv', () => {
  it('reads long-form metrics into sorted series in ms, skipping unusable rows, in any column order', () => {
    const series = parseMetricsCsv(
      'node,signal,time,value\nfe,lat,20,2\nfe,lat,10,1\n"we,ird",cpu,10,5\nfe,lat,x,3\nfe,lat,30,\nfe,lat,40,NaN\n',
      'm',
    );
    expect(series.get('fe')?.get('lat')).toEqual([
      { t: 10_000, v: 1 },
      { t: 20_000, v: 2 },
    ]);
    expect(series.get('we,ird')?.get('cpu')).toEqual([{ t: 10_000, v: 5 }]);
  });

  it('reads call edges and names a missing column', () => {
    expect(parseGraphCsv('source,target\na,b\n,c\n', 'g')).toEqual([{ source: 'a', target: 'b' }]);
    expect(code(() => parseGraphCsv('from,to\na,b\n', 'g'))).toBe(CorrelateErrorCode.InvalidCase);
    expect(code(() => parseMetricsCsv('time,node,value\n', 'm'))).toBe(CorrelateErrorCode.InvalidCase);
  });

  it('quotes CSV fields only when needed, and reads them back', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(parseCsvLine(`x,${csvField('a,"b"')},y`)).toEqual(['x', 'a,"b"', 'y']);
  });
});

describe('case directories', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fl-cases-'));
    await mkdir(join(root, 'group', 'one'), { recursive: true });
    await mkdir(join(root, 'two', 'nested'), { recursive: true });
    await mkdir(join(root, 'empty'), { recursive: true });
    const spec = '{"anomalyTime": 100, "slo": {"node": "fe", "signal": "lat"}, "rootCause": "db"}';
    await writeFile(join(root, 'group', 'one', 'case.json'), spec);
    await writeFile(join(root, 'group', 'one', 'metrics.csv'), 'time,node,signal,value\n99.5,fe,lat,1\n');
    await writeFile(join(root, 'group', 'one', 'graph.csv'), 'source,target\nfe,db\n');
    await writeFile(join(root, 'two', 'case.json'), spec);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('finds cases at any depth and names them relative to the root', async () => {
    const dirs = await findCaseDirs(root);
    expect(dirs.map((d) => caseName(root, d))).toEqual(['group/one', 'two']);
  });

  it('reads a case into a ranker input (seconds to ms), with or without a graph', async () => {
    const c = await readCase(join(root, 'group', 'one'));
    expect(c.input.anomalyTimeMs).toBe(100_000);
    expect(c.input.edges).toEqual([{ source: 'fe', target: 'db' }]);
    expect(c.input.series.get('fe')?.get('lat')).toEqual([{ t: 99_500, v: 1 }]);
  });

  it('names a missing metrics.csv', async () => {
    await expect(readCase(join(root, 'two'))).rejects.toMatchObject({ code: CorrelateErrorCode.InvalidCase });
  });
});
