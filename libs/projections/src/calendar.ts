// Pure calendar arithmetic for the operational, lifecycle and KPI read models: months as
// 'YYYY-MM' keys, whole-month distances and hour differences. All UTC; no clock is read here.
import type { Instant } from '@ledger/domain';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** A calendar month, `2026-03`. Strings sort chronologically, which keeps documents ordered. */
export type MonthKey = string;

// Events carry canonical instants (domain business-time.ts normalises them); anything else is
// re-formatted first so '2026-03-01T00:30:00+02:00' lands in February, as UTC says.
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export const toMs = (instant: string): number => Date.parse(instant);
export const toInstant = (ms: number): Instant => new Date(ms).toISOString();

/** The canonical UTC form of an instant, so instants compare correctly as strings. */
export const canonicalInstant = (instant: string): Instant =>
  CANONICAL.test(instant) ? instant : toInstant(Date.parse(instant));

/** Month of an instant or of a plain date (`2027-12-31`). */
export function monthOf(instantOrDate: string): MonthKey {
  if (DATE_ONLY.test(instantOrDate)) return instantOrDate.slice(0, 7);
  return canonicalInstant(instantOrDate).slice(0, 7);
}

export const yearOf = (month: MonthKey): string => month.slice(0, 4);

/** Months since year 0, so two months' distance is a subtraction. */
export function monthNumber(month: MonthKey): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** The month `monthNumber` numbers `n`. */
export function monthFromNumber(n: number): MonthKey {
  const year = Math.floor(n / 12);
  const month = (n % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** Every month from `first` to `last`, both included; empty when last is before first. */
export function monthRange(first: MonthKey, last: MonthKey): MonthKey[] {
  const months: MonthKey[] = [];
  const end = monthNumber(last);
  for (let n = monthNumber(first); n <= end; n++) months.push(monthFromNumber(n));
  return months;
}

export const hoursBetween = (from: Instant, to: Instant): number => (toMs(to) - toMs(from)) / HOUR_MS;

/** Rounds to a fixed number of decimals; used for ratios and hours shown to people. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
