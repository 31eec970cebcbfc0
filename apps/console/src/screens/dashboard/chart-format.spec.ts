import { chartFormat } from './chart-format';

describe('chartFormat', () => {
  it('formats in English with the currency', () => {
    const en = chartFormat('en');
    expect(en.number(1234)).toBe('1,234');
    expect(en.money(1234.5, 'EUR')).toBe('€1,234.50');
    expect(en.money(12.345)).toBe('12.35');
    expect(en.month('2026-03')).toBe('Mar 2026');
    expect(en.percent(0.256)).toBe('25.6%');
  });

  it('formats in Persian digits and the Persian calendar', () => {
    const fa = chartFormat('fa');
    expect(fa.number(1234)).toBe('۱٬۲۳۴');
    // 15 March 2026 is 24 Esfand 1404.
    expect(fa.month('2026-03')).toMatch(/۱۴۰۴/);
    expect(fa.month('2026-03')).toMatch(/اسفند/);
    expect(fa.money(10, 'EUR')).toMatch(/۱۰/);
  });
});
