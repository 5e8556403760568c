/**
 * Small shape checks shared by the validators of event bodies (chat and group control events):
 * exact key sets, bounded text, counters. Pure; never throw.
 */
import { codePointLength } from './text';

/** A JSON object as a body arrives. */
export type BodyRecord = Record<string, unknown>;

/** Largest lamport/seq/ts accepted: a safe integer. */
export const MAX_COUNTER = Number.MAX_SAFE_INTEGER;

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is BodyRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys must be exactly these (optional ones may be absent): no smuggled fields. */
export function hasOnlyKeys(
  body: BodyRecord,
  required: string[],
  optional: string[] = [],
): boolean {
  const keys = Object.keys(body);
  return (
    required.every((k) => k in body) &&
    keys.every((k) => required.includes(k) || optional.includes(k))
  );
}

/** Text of 1..max code points that is not only whitespace. */
export function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.trim().length > 0 && codePointLength(value) <= max;
}

/** A safe integer of at least `min`. */
export function isCounter(value: unknown, min: number): value is number {
  return (
    Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= MAX_COUNTER
  );
}
