/**
 * The simulator's seeded pseudo-random source. Everything random in a run comes from
 * instances of {@link Rng} derived from the run's seed, so one seed gives one output.
 */

/** A deterministic PRNG (mulberry32) with the distributions the simulator needs. */
export class Rng {
  private state: number;
  private spare: number | undefined;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A fresh generator for a named sub-stream, so adding draws in one stream leaves others unchanged. */
  fork(label: string): Rng {
    let h = 0x811c9dc5 ^ this.state;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    return new Rng(h >>> 0);
  }

  /** A uniform unsigned 32-bit integer. */
  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  /** Log-normal with the given median and shape `sigma` (the standard deviation of the log). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Poisson-distributed count with mean `lambda` (normal approximation above 60). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 60) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Index chosen with probability proportional to `weights[i]`. */
  weighted(weights: readonly number[], total: number): number {
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** `n` random bytes that are not all zero (valid OTLP trace and span ids). */
  id(n: 8 | 16): Uint8Array {
    const out = new Uint8Array(n);
    for (;;) {
      for (let i = 0; i < n; i += 4) {
        const x = this.uint32();
        out[i] = x & 0xff;
        out[i + 1] = (x >>> 8) & 0xff;
        out[i + 2] = (x >>> 16) & 0xff;
        out[i + 3] = x >>> 24;
      }
      if (out.some((b) => b !== 0)) return out;
    }
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of an id. */
export function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += HEX[b];
  return s;
}

/**
 * Uniform draws in [0, 1) from a seeded mulberry32 stream, as a plain function: the same
 * sequence as `new Rng(seed).next()`, for callers that need nothing more.
 */
export function seeded(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}
