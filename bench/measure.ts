import { median } from 'simple-statistics';

/**
 * Operations per second of several functions measured side by side: after a warm-up of
 * each, they take turns in `slices` slices of about `ms / slices` each, and each gets the median of its
 * slice rates. A VM whose speed drifts during the run (other tenants, frequency changes)
 * then slows every function alike, so the ratios between them hold.
 */
export function opsPerSecondSideBySide<K extends string>(
  fns: Record<K, () => void>,
  ms: number,
  slices = 10,
): Record<K, number> {
  const keys = Object.keys(fns) as K[];
  const rates = new Map<K, number[]>(keys.map((k) => [k, []]));
  const slice = ms / slices;
  for (const k of keys) timedOps(fns[k], Math.min(300, ms / 3));
  for (let i = 0; i < slices; i++) {
    for (const k of keys) rates.get(k)!.push(timedOps(fns[k], slice));
  }
  return Object.fromEntries(keys.map((k) => [k, median(rates.get(k)!)])) as Record<K, number>;
}

function timedOps(fn: () => void, ms: number): number {
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    fn();
    ops++;
    now = performance.now();
  }
  return ops / ((now - start) / 1000);
}

/** Peak resident set size of this process so far, in MiB. */
export function rssPeakMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
