import type { KpiReport, KpiTrendAnswer } from './analytics-types';
import { lastYearWithSales } from './quiet-period';

const report = (byYear: Record<string, number>) => ({ revenue: { total: 0, byYear } }) as unknown as KpiReport;
const trend = (...revenue: number[]) =>
  ({ months: revenue.map((r, i) => ({ month: `2029-0${i + 1}`, revenue: r })) }) as unknown as KpiTrendAnswer;

describe('the last year with sales, when the months shown have none', () => {
  it('is the latest year whose revenue is not zero, returns included', () => {
    expect(lastYearWithSales(report({ 1997: 2_024_161.26, 1998: 476_154.37 }), trend(0, 0, 0))).toBe('1998');
    expect(lastYearWithSales(report({ 2025: 10, 2026: 0 }), trend(0, 0))).toBe('2025');
    expect(lastYearWithSales(report({ 2024: -12.5 }), trend(0))).toBe('2024');
  });

  it('is not looked for when a month shown has revenue, or when no year has any', () => {
    expect(lastYearWithSales(report({ 1998: 5 }), trend(0, 3, 0))).toBeUndefined();
    expect(lastYearWithSales(report({ 2026: -1 }), trend(0, -1))).toBeUndefined();
    expect(lastYearWithSales(report({}), trend(0, 0))).toBeUndefined();
    expect(lastYearWithSales(report({ 2026: 0 }), trend(0))).toBeUndefined();
  });
});
