import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { AlertingError, AlertingErrorCode } from '../errors.js';
import type { AlertmanagerSilences } from './alertmanager-silences.js';
import { newSilence, type Silence, type SilenceInput, silenceState } from './silence.js';
import type { SilenceStore } from './silence-store.js';

export interface SilencesOptions {
  store: SilenceStore;
  /** Wall clock: silences start and end in real time, also when alerts are evaluated. */
  clock: Clock;
  /** How long an expired silence stays listed before it is forgotten. */
  retentionMs: number;
  /** The configured Alertmanager's silences, honoured beside faultline's own. */
  alertmanager?: AlertmanagerSilences;
}

/**
 * Silences as the API and the evaluator use them: faultline's own (created, listed and
 * expired here, kept in the engine's store) and, when an Alertmanager is configured, its
 * active silences too.
 */
export class Silences {
  private lastPruneMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly o: SilencesOptions) {}

  /** Creates a silence; throws `FL_ALERTING_SILENCE_INVALID` or `FL_ALERTING_MATCHER_INVALID`. */
  async create(input: SilenceInput): Promise<Silence> {
    const silence = { ...newSilence(input, randomUUID(), this.o.clock.now()), source: 'faultline' as const };
    await this.o.store.create(silence);
    return silence;
  }

  /** Every silence kept here (pending, active, expired within retention), then Alertmanager's active ones. */
  async list(): Promise<Silence[]> {
    await this.prune();
    const [own, external] = await Promise.all([this.o.store.list(), this.external()]);
    own.sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt) || a.id.localeCompare(b.id));
    return [...own, ...external];
  }

  /** One of faultline's silences; throws `FL_ALERTING_SILENCE_NOT_FOUND`. */
  async get(id: string): Promise<Silence> {
    const s = await this.o.store.get(id);
    if (s === undefined) throw notFound(id);
    return s;
  }

  /** Ends one of faultline's silences now; throws `FL_ALERTING_SILENCE_NOT_FOUND`. */
  async expire(id: string): Promise<Silence> {
    const s = await this.o.store.expire(id, this.o.clock.now());
    if (s === undefined) throw notFound(id);
    return s;
  }

  /** The silences in force now (faultline's and Alertmanager's). */
  async active(): Promise<Silence[]> {
    const now = this.o.clock.now();
    const [own, external] = await Promise.all([this.o.store.list(), this.external()]);
    return [...own, ...external].filter((s) => silenceState(s, now) === 'active');
  }

  /** Every silence kept that excludes its time from the error budget (maintenance windows). */
  async maintenance(): Promise<Silence[]> {
    return (await this.o.store.list()).filter((s) => s.excludeFromBudget);
  }

  private external(): Promise<Silence[]> {
    return this.o.alertmanager?.active(this.o.clock.now()) ?? Promise.resolve([]);
  }

  private async prune(): Promise<void> {
    const now = this.o.clock.now();
    if (now - this.lastPruneMs < 60_000) return;
    this.lastPruneMs = now;
    await this.o.store.prune(now - this.o.retentionMs);
  }
}

const notFound = (id: string) =>
  new AlertingError(AlertingErrorCode.SilenceNotFound, `no silence '${id}'`, { id });
