import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BacktestErrorCode } from '../../backtest/errors.js';
import { runBacktest } from '../../backtest/replay.js';
import { parseStepArg, parseTimeArg } from '../../backtest/replay-range.js';
import { backtestCommand } from '../../cli/backtest.js';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { loadSloFiles } from '../../pipeline/slo/load-slos.js';
import type { Slo } from '../../pipeline/slo/slo.js';
import { spawnEngine } from '../support/engine-process.js';
import { ndjson, spansJson, spansProto } from './otlp-files.js';
import { MINUTE, scenarioDir, scenarioSpans, T0 } from './scenario.js';

const scenario = scenarioDir();
let config: Config;
let slos: Slo[];
const spans = scenarioSpans().slice(0, 100);
const file = (name: string, content: string | Uint8Array): string => {
  const path = join(scenario.dir, name);
  writeFileSync(path, content);
  return path;
};
const run = (inputs: string[], extra: { fromMs?: number; toMs?: number } = {}) =>
  runBacktest({ config, slos, inputs, stepMs: MINUTE, ...extra });

beforeAll(() => {
  config = loadConfig({ file: scenario.config });
  slos = loadSloFiles(config.slos.files);
});
afterAll(() => scenario.cleanup());

describe('backtest errors', () => {
  it('a missing input is FL_BACKTEST_INPUT', async () => {
    const missing = join(scenario.dir, 'nope.ndjson');
    await expect(run([missing])).rejects.toMatchObject({
      code: BacktestErrorCode.Input,
      details: { file: missing },
    });
  });

  it('an undecodable file is FL_BACKTEST_DECODE and named, before anything is replayed', async () => {
    const good = file('good.pb', spansProto(spans));
    const cut = spansProto(spans);
    const truncated = file('truncated.pb', cut.subarray(0, cut.length / 2));
    await expect(run([good, truncated])).rejects.toMatchObject({
      code: BacktestErrorCode.Decode,
      details: { file: truncated, reason: 'truncated' },
    });
    const garbage = file('garbage.bin', Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]));
    await expect(run([garbage])).rejects.toMatchObject({
      code: BacktestErrorCode.Decode,
      details: { file: garbage },
    });
    const framed = file('cut-frame.binpb', Buffer.from([0, 0, 0, 50, 0x0a, 2]));
    await expect(run([framed])).rejects.toMatchObject({
      code: BacktestErrorCode.Decode,
      details: { file: framed },
    });
  });

  it('a bad NDJSON line is FL_BACKTEST_DECODE naming the file and the line', async () => {
    const lines = ndjson([spansJson(spans.slice(0, 10)), spansJson(spans.slice(10, 20))]);
    const bad = file('bad.ndjson', `${lines}{"resourceSpans": [}\n`);
    const err = await run([bad]).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: BacktestErrorCode.Decode,
      details: { file: bad, where: `${bad} line 3` },
    });
  });

  it('input without events is FL_BACKTEST_EMPTY', async () => {
    await expect(run([file('blank.ndjson', '\n  \n')])).rejects.toMatchObject({
      code: BacktestErrorCode.Empty,
    });
  });

  it('bad times, steps and ranges are FL_BACKTEST_ARGS', async () => {
    expect(() => parseStepArg('fast')).toThrow(expect.objectContaining({ code: BacktestErrorCode.Args }));
    expect(() => parseStepArg('0m')).toThrow(expect.objectContaining({ code: BacktestErrorCode.Args }));
    expect(() => parseTimeArg('yesterday', '--from')).toThrow(
      expect.objectContaining({ code: BacktestErrorCode.Args }),
    );
    expect(parseTimeArg('2024-03-01T00:01:00Z', '--from')).toBe(T0 + MINUTE);
    expect(parseTimeArg(String((T0 + MINUTE) / 1000), '--from')).toBe(T0 + MINUTE);
    const good = file('range.pb', spansProto(spans));
    await expect(run([good], { fromMs: T0 + 60 * MINUTE, toMs: T0 })).rejects.toMatchObject({
      code: BacktestErrorCode.Args,
    });
    await expect(run([good], { fromMs: 0, toMs: T0 })).rejects.toMatchObject({
      code: BacktestErrorCode.Args,
    });
  });

  it('the CLI exits 2 with the code and the file on stderr, and prints --json', async () => {
    const bad = file('cli-bad.pb', Buffer.from([0x0a, 0x05, 1, 2]));
    const failed = spawnEngine(['backtest', '--config', scenario.config, '--input', bad]);
    expect(await failed.exited).toBe(2);
    expect(failed.stderr()).toContain('[FL_BACKTEST_DECODE]');
    expect(failed.stderr()).toContain(bad);

    await expect(
      backtestCommand(['--config', scenario.config, '--input', bad, '--step', '1x']),
    ).rejects.toMatchObject({
      code: BacktestErrorCode.Args,
    });
    await expect(backtestCommand(['--config', scenario.config])).rejects.toMatchObject({
      code: BacktestErrorCode.Args,
    });

    const good = file('cli-good.ndjson', ndjson([spansJson(spans)]));
    const ok = spawnEngine(['backtest', '--config', scenario.config, '--input', good, '--json']);
    expect(await ok.exited).toBe(0);
    const result = JSON.parse(ok.lines.join('\n')) as {
      timeline: unknown[];
      summary: { input: { spans: number } };
    };
    expect(result.timeline).toEqual([]);
    expect(result.summary.input.spans).toBe(100);
  }, 60_000);
});
