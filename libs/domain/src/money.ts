// How amounts are held (docs/event-catalogue.md, "Money"). An amount is a number in the currency's
// major unit that is always a whole number of a fine unit; arithmetic never adds the binary
// fractions themselves but converts to integers first, so sums over millions of lines are exact:
// - order totals: every line in integer millionths (BigInt), summed, then rounded half away from
//   zero to the currency's minor unit (2 decimals for EUR, 0 for JPY, 3 for KWD);
// - sums in read models (spend, revenue per month): integer ten-thousandths (the finest minor unit
//   in ISO 4217), exact while a sum stays below 9 × 10^11 major units.
import type { Money } from './vocabulary';

const TEN_THOUSANDTHS = 10_000;

/** a + b, exact for amounts with at most 4 decimals. */
export const addMoney = (a: Money, b: Money): Money =>
  (Math.round(a * TEN_THOUSANDTHS) + Math.round(b * TEN_THOUSANDTHS)) / TEN_THOUSANDTHS;

/** a − b, exact for amounts with at most 4 decimals. */
export const subtractMoney = (a: Money, b: Money): Money => addMoney(a, -b);

const minorUnits = new Map<string, number>();

/**
 * Decimals of the currency's minor unit per ISO 4217, from the runtime's own CLDR data (Intl), not a
 * hand-written table. A code the runtime does not know counts as 2 decimals.
 */
export function minorUnitDigits(currency: string): number {
  let digits = minorUnits.get(currency);
  if (digits === undefined) {
    try {
      const format = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'code' });
      digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    minorUnits.set(currency, digits);
  }
  return digits;
}

/** Decimals in the shortest representation of a number (0.001 → 3, 12 → 0, 1e-7 → 7). */
export function decimalsOf(value: number): number {
  // Called for every line of every order: whole numbers and plain decimals without a regex or a split.
  // (From 1e21 a whole number prints with an exponent, counted as before below.)
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return 0;
  const text = String(value);
  const e = text.indexOf('e-');
  const dot = text.indexOf('.');
  if (e < 0) return dot < 0 ? 0 : text.length - dot - 1;
  return Number(text.slice(e + 2)) + (dot < 0 ? 0 : e - dot - 1);
}

const MICROS = 1_000_000n;

/** An amount with at most 6 decimals as integer millionths. */
export const toMicros = (value: number): bigint => BigInt(Math.round(value * 1_000_000));

/** Millionths rounded half away from zero to the currency's minor unit, back as a major-unit amount. */
export function microsToMinorUnit(micros: bigint, currency: string): Money {
  const digits = minorUnitDigits(currency);
  const step = MICROS / 10n ** BigInt(digits);
  const negative = micros < 0n;
  const magnitude = negative ? -micros : micros;
  const units = (magnitude + step / 2n) / step;
  const result = Number(units) / 10 ** digits;
  return negative ? -result : result;
}

/** Rounds an amount to the currency's minor unit (half away from zero). */
export const roundToMinorUnit = (amount: Money, currency: string): Money =>
  microsToMinorUnit(toMicros(amount), currency);
