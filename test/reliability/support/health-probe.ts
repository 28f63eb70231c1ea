/** What a {@link healthProbe} saw. */
export interface HealthProbeResult {
  probes: number;
  /** Probes that got no 200 within a second. */
  failed: number;
  slowestMs: number;
  /** The longest stretch without a 200 from /healthz, ms (a frozen event loop shows here). */
  longestSilenceMs: number;
}

/** Asks `<api>/healthz` every 200 ms until stopped. */
export function healthProbe(api: string): { stop: () => Promise<HealthProbeResult> } {
  let running = true;
  const result: HealthProbeResult = { probes: 0, failed: 0, slowestMs: 0, longestSilenceMs: 0 };
  let lastOk = Date.now();
  const loop = (async () => {
    while (running) {
      const t = Date.now();
      const ok = await fetch(`${api}/healthz`, { signal: AbortSignal.timeout(1000) })
        .then((r) => r.status === 200)
        .catch(() => false);
      const now = Date.now();
      result.probes++;
      result.slowestMs = Math.max(result.slowestMs, now - t);
      if (ok) {
        result.longestSilenceMs = Math.max(result.longestSilenceMs, now - lastOk);
        lastOk = now;
      } else result.failed++;
      await new Promise((r) => setTimeout(r, 200));
    }
    result.longestSilenceMs = Math.max(result.longestSilenceMs, Date.now() - lastOk);
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return result;
    },
  };
}
