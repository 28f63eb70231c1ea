/** Runs `fn` repeatedly for about `ms` after a warm-up and returns operations per second. */
export function opsPerSecond(fn: () => void, ms: number): number {
  const warmUntil = performance.now() + Math.min(300, ms / 3);
  while (performance.now() < warmUntil) fn();
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
