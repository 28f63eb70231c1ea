import type { AlertState } from './alert.js';

/**
 * The life of one alert (one SLO and alert name), as Prometheus runs it: inactive -> pending
 * (while the condition has held for less than `for`) -> firing -> resolved, and resolved ->
 * pending or firing when the condition comes back. A firing alert whose condition stops
 * keeps firing for `keepFiringFor` (measured from the first evaluation without it), so a
 * condition that flickers does not notify resolved-firing-resolved. Pure: time comes in.
 */

export interface AlertMachine {
  state: AlertState;
  /** When the current state began (event time, ms). */
  sinceMs: number;
  /** When the condition became true for this episode. */
  activeSinceMs?: number;
  /** While firing: the first evaluation at which the condition no longer held. */
  keepFiringSinceMs?: number;
  firedAtMs?: number;
  resolvedAtMs?: number;
}

export interface AlertTimings {
  /** How long the condition must hold before the alert fires; 0 fires at once. */
  forMs: number;
  /** How long a firing alert stays firing after its condition stops; 0 resolves at once. */
  keepFiringForMs: number;
}

export interface AlertStep {
  next: AlertMachine;
  /** Present exactly when the state changed. */
  change?: { from: AlertState; to: AlertState };
}

export const INACTIVE: AlertMachine = { state: 'inactive', sinceMs: 0 };

/** Applies one evaluation: whether the condition holds at `atMs`. */
export function stepAlert(
  prev: AlertMachine,
  active: boolean,
  atMs: number,
  timings: AlertTimings,
): AlertStep {
  const to = (next: AlertMachine): AlertStep =>
    next.state === prev.state ? { next } : { next, change: { from: prev.state, to: next.state } };

  switch (prev.state) {
    case 'inactive':
    case 'resolved': {
      if (!active) return { next: prev };
      if (timings.forMs <= 0)
        return to({ state: 'firing', sinceMs: atMs, activeSinceMs: atMs, firedAtMs: atMs });
      return to({ state: 'pending', sinceMs: atMs, activeSinceMs: atMs });
    }
    case 'pending': {
      if (!active) return to({ state: 'inactive', sinceMs: atMs });
      const activeSince = prev.activeSinceMs ?? prev.sinceMs;
      if (atMs - activeSince >= timings.forMs) {
        return to({ state: 'firing', sinceMs: atMs, activeSinceMs: activeSince, firedAtMs: atMs });
      }
      return { next: prev };
    }
    case 'firing': {
      if (active) {
        if (prev.keepFiringSinceMs === undefined) return { next: prev };
        const { keepFiringSinceMs: _, ...still } = prev;
        return { next: still };
      }
      const quietSince = prev.keepFiringSinceMs ?? atMs;
      if (atMs - quietSince >= timings.keepFiringForMs) {
        return to({
          state: 'resolved',
          sinceMs: atMs,
          ...(prev.firedAtMs === undefined ? {} : { firedAtMs: prev.firedAtMs }),
          resolvedAtMs: atMs,
        });
      }
      return { next: { ...prev, keepFiringSinceMs: quietSince } };
    }
  }
}

/** Transitions worth a notification: an alert starting to fire, and a firing one resolving. */
export function notifies(to: AlertState): boolean {
  return to === 'firing' || to === 'resolved';
}
