// Business-time arithmetic for decisions. Pure: the only clock is the `now` a caller passes in,
// and every instant leaves here in one canonical form (UTC, milliseconds) so instants sort as strings.
import { ValidationFailed } from './errors';
import type { Instant } from './vocabulary';

/** How far a client's clock may run ahead of ours before its occurredAt counts as "in the future". */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// Date.parse alone accepts "March 7" and rolls 2026-02-30 over into March; business time must be an
// unambiguous, real instant.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const toInstant = (epochMs: number): Instant => new Date(epochMs).toISOString();

function isRealDateTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 59;
}

/** The decimal number in value[from, to), or NaN if any character there is not a digit. */
function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Epoch ms of an instant already in the stored form (`2026-11-23T08:00:00.000Z`), else NaN.
 * Hand-parsed because every command and every fold reads instants: regex + Date.parse dominated bulk runs.
 */
function parseCanonical(value: string): number {
  if (value.length !== 24 || value[4] !== '-' || value[7] !== '-' || value[10] !== 'T') return NaN;
  if (value[13] !== ':' || value[16] !== ':' || value[19] !== '.' || value[23] !== 'Z') return NaN;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  const hour = digits(value, 11, 13);
  const minute = digits(value, 14, 16);
  const second = digits(value, 17, 19);
  // Date.UTC maps years 0-99 to 1900-1999; such instants take the general path.
  if (!(year >= 1000) || !isRealDateTime(year, month, day, hour, minute, second)) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, digits(value, 20, 23));
}

/** Epoch ms and canonical form of a caller-supplied instant; a malformed one is a ValidationFailed naming `field`. */
function readInstant(value: unknown, field: string): { ms: number; instant: Instant } {
  if (typeof value === 'string') {
    const fast = parseCanonical(value);
    if (!Number.isNaN(fast)) return { ms: fast, instant: value };
    const p = ISO_INSTANT.exec(value);
    const real =
      p && isRealDateTime(+p[1], +p[2], +p[3], +p[4], +p[5], +(p[6] ?? 0)) && +(p[7] ?? 0) <= 23 && +(p[8] ?? 0) <= 59;
    const ms = real ? Date.parse(value) : NaN;
    if (!Number.isNaN(ms)) return { ms, instant: toInstant(ms) };
  }
  throw new ValidationFailed([
    { field, reason: `${field} must be an ISO-8601 instant with a time zone, e.g. 2026-11-23T09:30:00Z` },
  ]);
}

export const parseInstant = (value: unknown, field: string): number => readInstant(value, field).ms;
export const normalizeInstant = (value: unknown, field: string): Instant => readInstant(value, field).instant;

/** Epoch ms of an instant the system itself produced (state, events, context.now): trusted, so no error path. */
export function epochOf(instant: Instant): number {
  const fast = parseCanonical(instant);
  return Number.isNaN(fast) ? Date.parse(instant) : fast;
}

/**
 * The business time of a command: `now` when omitted; backfilled past times are fine (imports),
 * but a time beyond now plus clock skew is a client bug we refuse rather than record.
 */
export function resolveOccurredAt(occurredAt: Instant | undefined | null, now: Instant): Instant {
  if (occurredAt == null) return normalizeInstant(now, 'now');
  const { ms, instant } = readInstant(occurredAt, 'occurredAt');
  if (ms > epochOf(now) + MAX_CLOCK_SKEW_MS) {
    throw new ValidationFailed([
      { field: 'occurredAt', reason: `occurredAt must not be in the future (now is ${now})` },
    ]);
  }
  return instant;
}

export const addHours = (instant: Instant, hours: number): Instant => toInstant(epochOf(instant) + hours * HOUR_MS);
export const addDays = (instant: Instant, days: number): Instant => toInstant(epochOf(instant) + days * DAY_MS);
export const isBefore = (a: Instant, b: Instant): boolean => epochOf(a) < epochOf(b);

/** Birth dates before this are typing mistakes (1890 for 1980), not customers. */
export const EARLIEST_BIRTH_DATE = '1900-01-01';
/** The furthest any time zone runs ahead of UTC (UTC+14): where it is already tomorrow, a baby may be born. */
const LATEST_ZONE_MS = 14 * HOUR_MS;

/**
 * A birth date (YYYY-MM-DD, already a real calendar date) lies between 1900-01-01 and today in
 * the time zone furthest ahead; `now` is the decision's clock. Null or absent is no birth date.
 */
export function assertPlausibleBirthDate(birthDate: string | null | undefined, now: Instant): void {
  if (typeof birthDate !== 'string') return;
  const latest = toInstant(epochOf(now) + LATEST_ZONE_MS).slice(0, 10);
  if (birthDate > latest) {
    throw new ValidationFailed([
      { field: 'birthDate', reason: `birthDate must not be in the future (today is ${latest})` },
    ]);
  }
  if (birthDate < EARLIEST_BIRTH_DATE) {
    throw new ValidationFailed([{ field: 'birthDate', reason: `birthDate must not be before ${EARLIEST_BIRTH_DATE}` }]);
  }
}
