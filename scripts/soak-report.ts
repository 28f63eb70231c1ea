/**
 * Sampling and reporting for `scripts/soak.ts`: one row of figures per interval, read from
 * the engine's own /metrics, printed as a table, and a summary at the end.
 */

/** One interval of the soak. */
export interface SoakRow {
  /** Seconds since the engine started. */
  at: number;
  producedPerS: number;
  ingestedPerS: number;
  /** Messages behind the high watermark, summed over partitions. */
  lag: number;
  rssMiB: number;
  heapMiB: number;
  /** Event-loop delay over the interval (prom-client's monitorEventLoopDelay, reset per scrape). */
  loopP99Ms: number;
  loopMaxMs: number;
  load1: number;
}

/** Sum of every sample of `name` in Prometheus text. */
export function metric(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (m !== null && m[1] === name) sum += Number(m[3]);
  }
  return sum;
}

const COLUMNS: Array<[string, (r: SoakRow) => string]> = [
  ['time', (r) => `${Math.floor(r.at / 60)}:${String(Math.round(r.at % 60)).padStart(2, '0')}`],
  ['produced/s', (r) => r.producedPerS.toFixed(0)],
  ['ingested/s', (r) => r.ingestedPerS.toFixed(0)],
  ['lag', (r) => r.lag.toFixed(0)],
  ['RSS MiB', (r) => r.rssMiB.toFixed(0)],
  ['heap MiB', (r) => r.heapMiB.toFixed(0)],
  ['loop p99 ms', (r) => r.loopP99Ms.toFixed(1)],
  ['loop max ms', (r) => r.loopMaxMs.toFixed(1)],
  ['load1', (r) => r.load1.toFixed(2)],
];

/** The table header, aligned with {@link formatRow}. */
export function header(): string {
  return COLUMNS.map(([name]) => name.padStart(12)).join('');
}

export function formatRow(row: SoakRow): string {
  return COLUMNS.map(([, f]) => f(row).padStart(12)).join('');
}

const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);
const max = (xs: number[]) => xs.reduce((a, x) => Math.max(a, x), 0);

/** The closing summary: throughput, lag, memory and event-loop delay over the whole run. */
export function summary(
  rows: SoakRow[],
  totals: { produced: number; ingested: number; seconds: number },
): string {
  const steady = rows.slice(1);
  const rss = rows.map((r) => r.rssMiB);
  return [
    `records: ${totals.produced} produced, ${totals.ingested} ingested in ${totals.seconds.toFixed(0)} s (${(totals.ingested / totals.seconds).toFixed(0)}/s)`,
    `ingest rate per interval: mean ${mean(steady.map((r) => r.ingestedPerS)).toFixed(0)}/s, min ${Math.min(...steady.map((r) => r.ingestedPerS)).toFixed(0)}/s, max ${max(steady.map((r) => r.ingestedPerS)).toFixed(0)}/s`,
    `lag: mean ${mean(rows.map((r) => r.lag)).toFixed(0)}, max ${max(rows.map((r) => r.lag)).toFixed(0)} messages`,
    `RSS: first ${rss[0]?.toFixed(0)} MiB, last ${rss.at(-1)?.toFixed(0)} MiB, max ${max(rss).toFixed(0)} MiB; heap last ${rows.at(-1)?.heapMiB.toFixed(0)} MiB`,
    `event-loop delay: p99 mean ${mean(rows.map((r) => r.loopP99Ms)).toFixed(1)} ms, p99 max ${max(rows.map((r) => r.loopP99Ms)).toFixed(1)} ms, max ${max(rows.map((r) => r.loopMaxMs)).toFixed(1)} ms`,
    `load average (1 min): mean ${mean(rows.map((r) => r.load1)).toFixed(2)}, max ${max(rows.map((r) => r.load1)).toFixed(2)}`,
  ].join('\n');
}
