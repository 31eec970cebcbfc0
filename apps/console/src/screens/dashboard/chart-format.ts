// The charts' formatters for a language, through Intl: in `fa` Persian digits and months of
// the Persian calendar; amounts with their currency when the API names one.
import { localeOf } from '../../format/format';
import type { ChartFormat } from './chart-base';

export function chartFormat(language: string): ChartFormat {
  const locale = localeOf(language);
  const numbers = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    let found = numbers.get(digits);
    if (!found) numbers.set(digits, (found = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
    return found;
  };
  const currencies = new Map<string, Intl.NumberFormat>();
  const monthFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  const percentFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  return {
    number: (value, digits = 0) => numberFormat(digits).format(value),
    money(amount, currency) {
      if (!currency) return numberFormat(2).format(amount);
      let found = currencies.get(currency);
      if (!found) currencies.set(currency, (found = new Intl.NumberFormat(locale, { style: 'currency', currency })));
      return found.format(amount);
    },
    // The middle of the month, so no time zone moves it into the neighbouring month.
    month: (key) => monthFormat.format(new Date(Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, 15))),
    percent: (share) => percentFormat.format(share),
  };
}
