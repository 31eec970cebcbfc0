// The dashboard's monthly series: revenue and each measured KPI per calendar month (business
// time, UTC) for the months up to asOf's, from the KPI document's monthly counts. Pure.
import type { KpisDocument } from '@ledger/projections';

export interface KpiMonth {
  /** `2026-03`. */
  month: string;
  /** Purchases minus returns recorded for the month. */
  revenue: number;
  complaintsOpened: number;
  complaintsResolved: number;
  /** Of the complaints resolved this month; null when none were. */
  complaintResolutionHours: number | null;
  slaCompliance: number | null;
  averageCsat: number | null;
  /** −100..100; null without NPS answers this month. */
  nps: number | null;
  contacts: number;
  customersRegistered: number;
}

export interface KpiTrend {
  asOf: string;
  months: KpiMonth[];
}

const round = (value: number, decimals: number): number => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** The `count` months ending with asOf's month, oldest first (months without activity are zeros/nulls). */
export function lastMonths(asOf: string, count: number): string[] {
  const year = Number(asOf.slice(0, 4));
  const month = Number(asOf.slice(5, 7)) - 1;
  const months: string[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const n = year * 12 + month - back;
    months.push(`${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

/**
 * `registrations`: per month, what to add to the document's registrations so a merged customer
 * group counts once (PopulationService.registrationCorrections); none without merges.
 */
export function kpiTrend(
  doc: KpisDocument | null,
  asOf: string,
  count: number,
  registrations: Record<string, number> = {},
): KpiTrend {
  const months = lastMonths(asOf, count).map((month): KpiMonth => {
    const complaints = doc?.complaintsByMonth[month];
    const feedback = doc?.feedbackByMonth[month];
    const contacts = doc?.contactsByMonth[month];
    const resolved = complaints?.resolved ?? 0;
    const npsCount = feedback?.npsCount ?? 0;
    const csatCount = feedback?.csatCount ?? 0;
    return {
      month,
      revenue: round(doc?.revenueByMonth[month] ?? 0, 2),
      complaintsOpened: complaints?.opened ?? 0,
      complaintsResolved: resolved,
      complaintResolutionHours: resolved > 0 ? round((complaints?.resolutionHours ?? 0) / resolved, 2) : null,
      slaCompliance: resolved > 0 ? round((complaints?.resolvedWithinSla ?? 0) / resolved, 4) : null,
      averageCsat: csatCount > 0 ? round((feedback?.csatTotal ?? 0) / csatCount, 2) : null,
      nps:
        npsCount > 0 ? round((((feedback?.promoters ?? 0) - (feedback?.detractors ?? 0)) / npsCount) * 100, 1) : null,
      contacts: contacts ? Object.values(contacts).reduce((sum, n) => sum + n, 0) : 0,
      customersRegistered: (doc?.customersRegisteredByMonth[month] ?? 0) + (registrations[month] ?? 0),
    };
  });
  return { asOf, months };
}
