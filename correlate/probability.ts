/**
 * The common scale of root-cause evidence: p-values kept as natural logs (so a signal far
 * beyond its history does not underflow to 0 and tie with every other) and shown as the
 * standard normal quantile of `1 - p`, which reads like a z-score.
 */

/** Standard normal quantile of `1 - exp(logP)`: 0 for p = 0.5, about 3.09 for p = 0.001. */
export function logUpperTailToZ(logP: number): number {
  if (!(logP < 0)) return Number.NEGATIVE_INFINITY;
  if (logP > -600) {
    const p = Math.exp(logP);
    if (p > 1e-300) return -normalQuantile(p);
  }
  // Asymptotic inverse of the Mills ratio: P(Z > z) ~ phi(z) / z.
  let z = Math.sqrt(-2 * logP);
  for (let i = 0; i < 4; i++) z = Math.sqrt(-2 * logP - Math.log(2 * Math.PI) - 2 * Math.log(z));
  return z;
}

/** Natural log of P(Z > z) for a standard normal Z. */
export function zToLogUpperTail(z: number): number {
  if (z < 5) return Math.log(0.5 * erfc(z / Math.SQRT2));
  return -0.5 * z * z - Math.log(z * Math.sqrt(2 * Math.PI)) + Math.log1p(-1 / (z * z));
}

/**
 * Šidák correction for the best of `n` independent draws, in logs: the chance that at least
 * one of `n` draws is as extreme as the best one was.
 */
export function logBestOf(logP: number, n: number): number {
  if (n <= 1) return logP;
  if (logP < -30) return Math.min(0, logP + Math.log(n));
  const p = Math.exp(logP);
  return Math.log(-Math.expm1(n * Math.log1p(-Math.min(p, 1 - 1e-12))));
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** Complementary error function (Numerical Recipes' erfcc, fractional error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
