import { type Run, runsOf } from './redis-count-ops.js';
import { blockOf, LEVELS } from './redis-window-layout.js';
import { alignedStart, splitRange } from './window-ranges.js';

/**
 * What one read-ranges call asks for and how its reply sums into windows. It depends only on
 * the windows and their end, never on the SLO: string names are relative to an SLO's base, so
 * one plan serves every SLO of an evaluation, and per SLO only the key names and the sums
 * are left to do.
 */
export interface ReadPlan {
  /** The strings read, after an SLO's base (`m6h:123`), in the script's KEYS order. */
  suffixes: string[];
  /** The script's ARGV: per string, its index in KEYS (1-based), first byte, length (as text once, not per SLO). */
  args: string[];
  /** The distinct byte runs the windows sum, as offset in the reply, length and counter width. */
  runs: number[];
  /** Per window, the indexes of its runs. */
  windows: number[][];
}

/**
 * The plan for `windows` ending at `end`: each window's runs (from `alignedStart`), the
 * same run shared by the windows that need it (their leading edge), and one span per string
 * covering its runs (a GETRANGE costs Redis more than the bytes it returns).
 */
export function readPlan(end: number, windows: readonly number[]): ReadPlan {
  const names = { block: blockOf };
  const distinct: Run[] = [];
  const ids = new Map<string, number>();
  const perWindow = windows.map((w) => {
    const runs: Run[] = [];
    for (const r of splitRange(alignedStart(end, w), end)) runsOf(names, LEVELS[r.level], r.from, r.to, runs);
    return runs.map((run) => {
      const id = `${run.key} ${run.from} ${run.length}`;
      let i = ids.get(id);
      if (i === undefined) {
        i = distinct.push(run) - 1;
        ids.set(id, i);
      }
      return i;
    });
  });
  const spans = new Map<string, { from: number; to: number; at: number }>();
  for (const run of distinct) {
    const span = spans.get(run.key);
    if (span === undefined) spans.set(run.key, { from: run.from, to: run.from + run.length, at: 0 });
    else {
      span.from = Math.min(span.from, run.from);
      span.to = Math.max(span.to, run.from + run.length);
    }
  }
  const args: number[] = [];
  let at = 0;
  for (const span of spans.values()) {
    args.push(args.length / 3 + 1, span.from, span.to - span.from);
    span.at = at;
    at += span.to - span.from;
  }
  const runs = distinct.flatMap((run) => {
    const span = spans.get(run.key)!;
    return [span.at + run.from - span.from, run.length, run.width];
  });
  return { suffixes: [...spans.keys()], args: args.map(String), runs, windows: perWindow };
}
