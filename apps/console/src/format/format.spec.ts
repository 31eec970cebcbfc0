// Persian digits in, Latin numbers out; Persian calendar and digits in `fa`.
import { latinDigits, parseNumber } from './digits';
import { formatDate, formatDuration, formatMoney, formatNumber, formatPercent } from './format';

describe('digits', () => {
  it('reads Persian and Arabic-Indic digits and separators', () => {
    expect(latinDigits('۰۹۱۲-۳۴۵')).toBe('0912-345');
    expect(latinDigits('٤٥٦')).toBe('456');
    expect(parseNumber('۱۲٫۵')).toBe(12.5);
    expect(parseNumber('۱٬۲۳۴')).toBe(1234);
    expect(parseNumber('1,234.50')).toBe(1234.5);
  });

  it('refuses what is not a number', () => {
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('12a')).toBeNull();
    expect(parseNumber('۱.۲.۳')).toBeNull();
  });
});

describe('format', () => {
  it('writes Persian digits and the Persian calendar in fa', () => {
    expect(formatNumber(1234, 'fa')).toBe('۱٬۲۳۴');
    // 2026-03-21 is 1 Farvardin 1405.
    expect(formatDate('2026-03-21T12:00:00Z', 'fa')).toContain('۱۴۰۵');
    expect(formatDate('2026-03-21T12:00:00Z', 'en')).toContain('2026');
  });

  it('keeps the amount with its currency', () => {
    expect(formatMoney(399, 'EUR', 'en')).toBe('€399.00');
    expect(formatMoney(399, null, 'en')).toBe('399');
  });

  it('writes durations in days, hours and minutes', () => {
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000, 'en')).toBe('2 hrs 5 mins');
    expect(formatDuration(-90 * 60_000, 'en')).toBe('1 hr 30 mins');
    expect(formatDuration(3 * 86_400_000 + 3_600_000, 'fa')).toBe('۳ روز ۱ ساعت');
  });
});

describe('percentages', () => {
  it('shows a share as a whole percentage, with Persian digits in fa', () => {
    expect(formatPercent(0.6, 'en')).toBe('60%');
    expect(formatPercent(0.6, 'fa')).toContain('۶۰');
  });
});
