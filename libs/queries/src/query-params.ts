// Query-string parsing shared by the read endpoints: instants, positions, paging.
import { ValidationFailed } from '@ledger/domain';

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** `asOf`/`now` as an ISO instant; a bare date means the end of that day (UTC). */
export function instantParam(name: string, raw: string | undefined, fallback: () => string): string {
  if (raw === undefined || raw === '') return fallback();
  if (!INSTANT.test(raw)) {
    throw new ValidationFailed([
      { field: name, reason: `${name} must be a date (2026-11-23) or an ISO-8601 instant with time zone` },
    ]);
  }
  const value = raw.length === 10 ? `${raw}T23:59:59.999Z` : raw;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || (raw.length === 10 && !date.toISOString().startsWith(raw))) {
    throw new ValidationFailed([{ field: name, reason: `${name} is not a real date` }]);
  }
  return date.toISOString();
}

export function intParam(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  // Digits only: Number() would also take '1e3', '0x10' and ' 7 '.
  const value = /^-?\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationFailed([{ field: name, reason: `${name} must be a whole number from ${min} to ${max}` }]);
  }
  return value;
}

/** A 400 naming each parameter of `query` not in `known`: a misspelt one is refused, not ignored. */
export function rejectUnknownParams(query: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(query).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new ValidationFailed(
      unknown.map((field) => ({ field, reason: `unknown parameter; parameters: ${known.join(', ')}` })),
    );
  }
}

export function enumParam<T extends string>(
  name: string,
  raw: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ValidationFailed([{ field: name, reason: `${name} must be one of: ${allowed.join(', ')}` }]);
  }
  return raw as T;
}

/**
 * Default analytical `asOf`: the end of the current minute. Everything recorded so far is
 * included, and repeated queries within the minute share one scoring of the population.
 */
export function endOfCurrentMinute(now: string): string {
  return `${now.slice(0, 16)}:59.999Z`;
}

/** Analytical `asOf` (a date or instant); by default the end of the current minute. */
export function analyticalAsOfParam(raw: string | undefined, clock: { now(): string }): string {
  return instantParam('asOf', raw, () => endOfCurrentMinute(clock.now()));
}

/** The analytical `asOf` asked for; undefined means the present, which the population service pins down. */
export function explicitAsOfParam(raw: string | undefined, clock: { now(): string }): string | undefined {
  return raw === undefined || raw === '' ? undefined : analyticalAsOfParam(raw, clock);
}
