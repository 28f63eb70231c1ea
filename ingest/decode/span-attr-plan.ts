/**
 * Which span attributes a decode collects: the semantic-convention keys every SpanRecord
 * uses, plus the extra keys a caller asks for (`spanAttributes`). Every decoding path
 * collects the attributes into the same slots (the last attribute with a value wins) and
 * builds the record from them the same way, so all paths give identical records.
 */
import type { AttrValue, SpanRecord } from '../records.js';
import { setOwn } from './attr-value.js';
import { KeyMatcher } from './key-match.js';
import { SPAN_ATTR_KEYS, SPAN_ATTR_SLOT, type SpanAttrSlots } from './semconv.js';

/** Options of the span decoders. */
export interface SpanDecodeOptions {
  /**
   * Extra span attribute keys to keep in `SpanRecord.attributes` (for example the keys
   * that SLO span selectors filter on). Resource attributes are never included.
   */
  spanAttributes?: ReadonlySet<string>;
}

export interface SpanAttrPlan {
  /** Attribute keys by slot: {@link SPAN_ATTR_KEYS}, then requested keys that are not among them. */
  readonly keys: readonly string[];
  /** Slot number by attribute key. */
  readonly slotByKey: ReadonlyMap<string, number>;
  /** The fast decoder's matcher over `keys`. */
  readonly matcher: KeyMatcher;
  /**
   * Requested keys with the slot that holds their value, in request order. A requested
   * semantic-convention key uses that key's existing slot.
   */
  readonly extras: ReadonlyArray<readonly [key: string, slot: number]>;
}

/** The plan when no extra keys are requested. */
export const SEMCONV_PLAN: SpanAttrPlan = {
  keys: SPAN_ATTR_KEYS,
  slotByKey: SPAN_ATTR_SLOT,
  matcher: new KeyMatcher(SPAN_ATTR_KEYS),
  extras: [],
};

interface Cached {
  /** The requested keys when the plan was built, to detect a set that changed since. */
  readonly requested: readonly string[];
  readonly plan: SpanAttrPlan;
}

// Callers usually pass the same set with every payload. Keep its plan, so that a decode does
// not re-encode the keys each time.
const cache = new WeakMap<ReadonlySet<string>, Cached>();

/** The plan for the given extra keys (cached per set, rebuilt if the set has changed). */
export function spanAttrPlan(options: SpanDecodeOptions | undefined): SpanAttrPlan {
  const requested = options?.spanAttributes;
  if (requested === undefined || requested.size === 0) return SEMCONV_PLAN;
  const hit = cache.get(requested);
  if (hit !== undefined && sameKeys(hit.requested, requested)) return hit.plan;
  const plan = buildPlan(requested);
  cache.set(requested, { requested: [...requested], plan });
  return plan;
}

function sameKeys(keys: readonly string[], set: ReadonlySet<string>): boolean {
  if (keys.length !== set.size) return false;
  for (const key of keys) if (!set.has(key)) return false;
  return true;
}

function buildPlan(requested: ReadonlySet<string>): SpanAttrPlan {
  const keys = [...SPAN_ATTR_KEYS];
  const slotByKey = new Map(SPAN_ATTR_SLOT);
  const extras: Array<readonly [string, number]> = [];
  for (const key of requested) {
    let slot = slotByKey.get(key);
    if (slot === undefined) {
      slot = keys.length;
      keys.push(key);
      slotByKey.set(key, slot);
    }
    extras.push([key, slot]);
  }
  return { keys, slotByKey, matcher: new KeyMatcher(keys), extras };
}

/** Empty slots for a plan (reused across spans: clear with `fill(undefined)`). */
export function newPlanSlots(plan: SpanAttrPlan): SpanAttrSlots {
  return new Array<AttrValue | undefined>(plan.keys.length).fill(undefined);
}

/** Sets `rec.attributes` from the slots of the requested keys that have a value. */
export function applyExtraAttributes(
  rec: SpanRecord,
  slots: SpanAttrSlots,
  extras: SpanAttrPlan['extras'],
): void {
  let out: Record<string, AttrValue> | undefined;
  for (const [key, slot] of extras) {
    const v = slots[slot];
    if (v === undefined) continue;
    out ??= {};
    setOwn(out, key, v);
  }
  if (out !== undefined) rec.attributes = out;
}
