/**
 * Byte bounds beside the count bounds: what one decoded value may hold. Count bounds alone
 * let 10 000 service names of 16 KiB hold 825 MiB, since names and attribute values become
 * keys of windows, series and graph nodes held for days. Past a bound a value is cut (not
 * refused: the record still counts) and the cut is counted in the decode's tally.
 */
import { noteCut } from './record-gate.js';

/** Longest service, peer or metric name kept, in UTF-16 units. */
export const MAX_NAME_LENGTH = 256;

/**
 * Longest attribute value kept, in UTF-16 units: data-point attributes key metric series
 * and span attributes feed SLO selectors; no selector compares against longer text.
 */
export const MAX_ATTRIBUTE_VALUE_LENGTH = 1024;

/** `name` cut to {@link MAX_NAME_LENGTH}. */
export function boundedName(name: string): string {
  if (name.length <= MAX_NAME_LENGTH) return name;
  noteCut('cutNames');
  return name.slice(0, MAX_NAME_LENGTH);
}

/** `value` cut to {@link MAX_ATTRIBUTE_VALUE_LENGTH}. */
export function boundedValue(value: string): string {
  if (value.length <= MAX_ATTRIBUTE_VALUE_LENGTH) return value;
  noteCut('cutValues');
  return value.slice(0, MAX_ATTRIBUTE_VALUE_LENGTH);
}
