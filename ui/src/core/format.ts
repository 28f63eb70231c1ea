/** Number and time formatting shared by every view. Times are shown in UTC. */

const DASH = '—';

/** `1 incident`, `3 incidents`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `0.999` → `99.9%`; significant digits kept, trailing zeros dropped. */
export function objective(x: number): string {
  return `${Number((x * 100).toFixed(4))}%`;
}

/** A ratio as a percentage with `digits` decimals; `—` for null. */
export function percent(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return `${(x * 100).toFixed(Math.abs(x) >= 10 ? 0 : digits)}%`;
}

/** A burn rate: `2.53×`; `n/a` without events. */
export function burnRate(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  const digits = x >= 100 ? 0 : x >= 10 ? 1 : 2;
  return `${x.toFixed(digits)}×`;
}

/** An exact count with thousands separators (`2,873`): where 55 bad events must not round away. */
export function exact(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A count: `987`, `1.2k`, `3.4M`. */
export function count(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${(n / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(abs >= 1e4 ? 0 : 1)}k`;
  return String(Math.round(n));
}

/** A plain value with up to 3 significant digits (chart axes and tables). */
export function value(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return x.toExponential(2);
  if (abs >= 1000) return count(x);
  return String(Number(x.toPrecision(3)));
}

/** Bytes in binary units: `512 B`, `40.9 MiB`. */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : Number(v.toPrecision(3))} ${units[i]}`;
}

/** Milliseconds of latency: `41.2 ms`, `1.30 s`. */
export function latency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Number(ms.toPrecision(3))} ms`;
}

const toDate = (t: number | string): Date => new Date(t);
const pad = (n: number): string => String(n).padStart(2, '0');

/** `2025-01-06 14:03 UTC`. */
export function dateTime(t: number | string | undefined | null): string {
  if (t === undefined || t === null) return DASH;
  const d = toDate(t);
  if (Number.isNaN(d.getTime())) return DASH;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** `14:03:05` (UTC). */
export function clockTime(t: number | string): string {
  const d = toDate(t);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** An axis label for an instant, coarser for longer spans: `14:03`, `Jan 6 14:00`, `Jan 6`. */
export function axisTime(t: number, spanMs: number): string {
  const d = toDate(t);
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (spanMs <= 36 * 3_600_000) return hm;
  const day = `${d.toLocaleString('en', { month: 'short', timeZone: 'UTC' })} ${d.getUTCDate()}`;
  return spanMs <= 4 * 86_400_000 ? `${day} ${hm}` : day;
}

/** A duration in its two largest units: `3d 4h`, `2h 15m`, `45m`, `30s`. */
export function duration(ms: number): string {
  const units: ReadonlyArray<readonly [string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  const total = Math.max(0, Math.round(ms / 1000) * 1000);
  for (const [i, [unit, size]] of units.entries()) {
    if (total < size) continue;
    const n = Math.floor(total / size);
    const next = units[i + 1];
    const m = next === undefined ? 0 : Math.floor((total - n * size) / next[1]);
    return next !== undefined && m > 0 ? `${n}${unit} ${m}${next[0]}` : `${n}${unit}`;
  }
  return '0s';
}
