// Small helpers the deciders share: building event data without undefined keys (so a fresh
// event and one read back from JSON compare equal) and raising single-field validation errors.
import { ValidationFailed } from './errors';

/** A copy of `value` without keys whose value is undefined. */
export function compact<T extends object>(value: T): T {
  const source = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const entry = source[key];
    if (entry !== undefined) result[key] = entry;
  }
  return result as T;
}

export const invalid = (field: string, reason: string): ValidationFailed => new ValidationFailed([{ field, reason }]);

/** Money compared in whole cents, so 0.1 + 0.2 equals 0.3. */
export const cents = (amount: number): number => Math.round(amount * 100);
