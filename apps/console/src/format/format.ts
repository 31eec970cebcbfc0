// Numbers, amounts and dates for the current language through Intl: Persian digits and the
// Persian calendar in `fa`, the amount always with its own currency.
const LOCALES: Record<string, string> = { en: 'en-GB', fa: 'fa-IR-u-ca-persian' };

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter;
}

export const localeOf = (language: string): string => LOCALES[language] ?? LOCALES.en;

export function formatNumber(value: number, language: string, maximumFractionDigits = 0): string {
  return cached(
    `n:${language}:${maximumFractionDigits}`,
    () => new Intl.NumberFormat(localeOf(language), { maximumFractionDigits }),
  ).format(value);
}

/** A share 0-1 as a whole percentage (0.6 → 60%, ۶۰٪ in Persian). */
export function formatPercent(share: number, language: string): string {
  return cached(`p:${language}`, () => new Intl.NumberFormat(localeOf(language), { style: 'percent' })).format(share);
}

/** An amount with its currency; without a currency (no purchase yet) the bare number. */
export function formatMoney(amount: number, currency: string | null, language: string): string {
  if (!currency) return formatNumber(amount, language, 2);
  return cached(
    `m:${language}:${currency}`,
    () => new Intl.NumberFormat(localeOf(language), { style: 'currency', currency }),
  ).format(amount);
}

export function formatDateTime(instant: string, language: string): string {
  return cached(
    `dt:${language}`,
    () => new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(new Date(instant));
}

export function formatDate(instant: string, language: string): string {
  return cached(`d:${language}`, () => new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium' })).format(
    new Date(instant),
  );
}

/** A signed duration as "2 h 05 min" in the language's digits (SLA countdowns). */
export function formatDuration(ms: number, language: string): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const unit = (value: number, style: 'day' | 'hour' | 'minute') =>
    cached(
      `u:${language}:${style}`,
      () => new Intl.NumberFormat(localeOf(language), { style: 'unit', unit: style, unitDisplay: 'short' }),
    ).format(value);
  if (days > 0) return `${unit(days, 'day')} ${unit(hours, 'hour')}`;
  if (hours > 0) return `${unit(hours, 'hour')} ${unit(rest, 'minute')}`;
  return unit(rest, 'minute');
}
