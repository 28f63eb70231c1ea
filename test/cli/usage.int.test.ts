import { describe, expect, it } from 'vitest';
import { spawnEngine } from '../support/engine-process.js';

// A stack trace tells a person nothing they can act on; these lines are what one looks like.
const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;

describe('a mistyped command line prints usage and exits 2, without a stack trace', () => {
  const cases: string[][] = [
    ['--bogus'],
    ['serve', '--bogus'],
    ['serve', '--config'],
    ['backtest', '--bogus'],
    ['sim', 'run', '--bogus'],
    ['sim', 'frobnicate'],
    ['rca', '--bogus'],
    ['rca-eval', '--bogus'],
    ['convert-sockshop', '--bogus'],
  ];
  it.each(cases.map((c) => [c.join(' '), c] as const))('faultline %s', async (_name, args) => {
    const run = spawnEngine([...args]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('FL_CLI_USAGE');
    expect(run.stderr()).toContain('usage: faultline');
    expect(run.stderr()).not.toMatch(STACK_LINE);
  });

  it('faultline frobnicate (an unknown command) lists the commands', async () => {
    const run = spawnEngine(['frobnicate']);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('FL_CLI_USAGE');
    expect(run.stderr()).toContain('backtest');
  });
});
