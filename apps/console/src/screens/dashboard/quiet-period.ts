// A dashboard whose twelve months hold no revenue, over a log that has some (history imported
// from another system, or an asOf past the last sale), would show empty charts and say nothing:
// this finds the last year with revenue (net of returns), so the page can offer to show its end.
import type { KpiReport, KpiTrendAnswer } from './analytics-types';

/** The last year with revenue when none of the months shown has any; undefined otherwise. */
export function lastYearWithSales(report: KpiReport, trend: KpiTrendAnswer): string | undefined {
  if (trend.months.some((month) => month.revenue !== 0)) return undefined;
  const years = Object.keys(report.revenue.byYear).filter((year) => report.revenue.byYear[year] !== 0);
  return years.length === 0 ? undefined : years.reduce((last, year) => (year > last ? year : last));
}
