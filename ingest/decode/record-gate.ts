/**
 * Bounds what one payload may cost. A 16 KiB gzip body can hold 8.4 M empty spans (two bytes
 * each); decoded into records before anything looked at them, they took 1.3 GB of heap. The
 * gate sees each record as the decoder makes it: past `maxRecords` the decode stops with
 * FL_INGEST_TOO_MANY_RECORDS, and with a tally an invalid record is counted and dropped there
 * and then instead of being kept for a later validation pass.
 */
import { FaultlineError } from '../../core/faultline-error.js';
import { IngestErrorCode } from '../errors.js';

/** Where a decode counts the records it dropped as invalid, and the values it cut. */
export interface DecodeTally {
  invalid: number;
  /** Why the first dropped record was invalid; '' while none was. */
  reason: string;
  /** Service, peer and metric names cut to their bound (see value-bounds.ts). */
  cutNames: number;
  /** Attribute values cut to their bound. */
  cutValues: number;
}

/** A tally with nothing counted yet. */
export function newTally(): DecodeTally {
  return { invalid: 0, reason: '', cutNames: 0, cutValues: 0 };
}

/** Limits of one decode. */
export interface DecodeLimits {
  /** Most records (valid or not) one payload may hold; unbounded when absent. */
  maxRecords?: number;
  /** When given, invalid records are counted here and never returned. */
  tally?: DecodeTally;
}

interface Gate {
  readonly max: number;
  readonly tally: DecodeTally | undefined;
  readonly problem: ((r: never) => string | undefined) | undefined;
  seen: number;
}

// Decoding is synchronous, so the gate of the decode in progress can live here: the entry
// points set it around one decode, and the decoders' many nested readers need no new
// parameter threaded through them.
let current: Gate | undefined;

/** Runs one synchronous decode under `limits`, checking records with `problem`. */
export function gated<T, R>(
  limits: DecodeLimits | undefined,
  problem: (r: R) => string | undefined,
  decode: () => T,
): T {
  if (limits === undefined || (limits.maxRecords === undefined && limits.tally === undefined))
    return decode();
  const outer = current;
  current = {
    max: limits.maxRecords ?? Number.POSITIVE_INFINITY,
    tally: limits.tally,
    problem: problem as (r: never) => string | undefined,
    seen: 0,
  };
  try {
    return decode();
  } finally {
    current = outer;
  }
}

/** Adds a decoded record to `out`, unless the gate refuses the payload or drops the record. */
export function admit<T>(out: T[], record: T): void {
  const gate = current;
  if (gate === undefined) {
    out.push(record);
    return;
  }
  if (++gate.seen > gate.max) throw tooMany(gate.max);
  if (gate.tally !== undefined && gate.problem !== undefined) {
    const why = (gate.problem as (r: T) => string | undefined)(record);
    if (why !== undefined) {
      gate.tally.invalid++;
      if (gate.tally.reason === '') gate.tally.reason = why;
      return;
    }
  }
  out.push(record);
}

/** Counts a value cut to its bound in the decode in progress (if it keeps a tally). */
export function noteCut(kind: 'cutNames' | 'cutValues'): void {
  const tally = current?.tally;
  if (tally !== undefined) tally[kind]++;
}

/** The error of a payload holding more records than allowed. */
export function tooMany(max: number): FaultlineError {
  return new FaultlineError(
    IngestErrorCode.TooManyRecords,
    `the payload holds more than ${max} records; split it into smaller exports`,
    { reason: 'too many records', maxRecords: max },
  );
}

/** How many JSON objects an OTLP/JSON payload may open: far above any real export's. */
export const MAX_JSON_OBJECTS = 1_000_000;

/**
 * Refuses an OTLP/JSON body that opens more objects than {@link MAX_JSON_OBJECTS} before it is
 * parsed: 5.6 M `{}` spans in 16 MiB cost 300 MB and seconds in JSON.parse alone. Braces inside
 * strings count too, which only makes the bound stricter for payloads no exporter writes.
 */
export function checkJsonObjects(bytes: Uint8Array): void {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x7b && ++n > MAX_JSON_OBJECTS) throw tooMany(MAX_JSON_OBJECTS);
  }
}
