import type { Rng } from './random.js';

/** How many traces per second enter the system over a day. */
export interface LoadShape {
  /** Mean traces per second at the entry service, averaged over a day. */
  rate: number;
  /** Relative amplitude of the daily sine: 0.5 means the peak is 1.5x and the trough 0.5x the mean. */
  amplitude: number;
  /** Hour of the day (UTC, 0..24) of the daily peak. */
  peakHour: number;
  /** Standard deviation of the slowly varying relative noise on the rate. */
  noise: number;
}

/** Defaults: 2 traces per second on average, peak at 15:00 UTC, ±50 %, 10 % noise. */
export const DEFAULT_LOAD: LoadShape = { rate: 2, amplitude: 0.5, peakHour: 15, noise: 0.1 };

const DAY_MS = 86_400_000;

/** The noiseless rate (traces per second) of `shape` at `tMs`. */
export function diurnalRate(shape: LoadShape, tMs: number): number {
  const hour = (((tMs % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000;
  return Math.max(
    0,
    shape.rate * (1 + shape.amplitude * Math.cos((2 * Math.PI * (hour - shape.peakHour)) / 24)),
  );
}

/**
 * Draws the number of traces of each step: Poisson around the diurnal rate times a noise
 * factor that follows an AR(1) process (so busy and quiet spells last a few minutes).
 */
export class LoadModel {
  private level = 0;

  constructor(
    readonly shape: LoadShape,
    private readonly rng: Rng,
    /** Share of the traces drawn (sampling): Poisson thinned by p is Poisson at p times the rate. */
    private readonly keep = 1,
  ) {}

  /** Traces starting in [startMs, startMs + stepMs). */
  tracesInStep(startMs: number, stepMs: number): number {
    const keep = Math.exp(-stepMs / 300_000);
    this.level = keep * this.level + Math.sqrt(1 - keep * keep) * this.rng.normal();
    const factor = Math.max(0, 1 + this.shape.noise * this.level);
    return this.rng.poisson(
      (diurnalRate(this.shape, startMs + stepMs / 2) * factor * this.keep * stepMs) / 1000,
    );
  }
}
