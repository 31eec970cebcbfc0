// KPIs against targets, computed at query time from the monthly counts of the KPI document.
// Pure: `asOf` and the targets are arguments. Month granularity: "as of" a date includes the
// whole calendar month that date falls in (business time, UTC).
import { addMoney, type Instant, type Money } from '@ledger/domain';
import { monthOf, roundTo, yearOf, type MonthKey } from './calendar';
import type { ComplaintMonth, FeedbackMonth, KpisDocument } from './kpis.projection';

export const KPI_NAMES = [
  'revenue',
  'retention_rate',
  'sla_compliance',
  'average_csat',
  'nps',
  'complaint_resolution_hours',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

/** For these a smaller actual is better. */
export const LOWER_IS_BETTER: ReadonlySet<KpiName> = new Set<KpiName>(['complaint_resolution_hours']);

/**
 * "Revenue 1 000 000 by 2027-12-31": a revenue target sums revenue from `from` (default: 1 January
 * of the year of `by`) to `by`. Rate targets are measured over `from`..`by` (default: all history
 * up to `by`). Only months up to asOf count, so before `by` the actual is the figure so far.
 */
export interface KpiTarget {
  kpi: KpiName;
  target: number;
  /** Date (`2027-12-31`) or instant. */
  by: string;
  from?: string;
}

export interface KpiTargetResult {
  kpi: KpiName;
  target: number;
  by: string;
  /** First month measured; null when the window is all history. */
  from: MonthKey | null;
  /** null when there is nothing to measure yet (no resolved complaints, no answers, no retention base). */
  actual: number | null;
  achieved: boolean;
  /**
   * actual ÷ target (target ÷ actual when lower is better), 4 decimals; 1 means exactly on target,
   * above 1 better. NPS is compared on its shifted 0..200 scale so negative scores work.
   */
  progress: number | null;
}

export interface KpiReport {
  asOf: string;
  /** Average hours from opening to resolution of complaints resolved up to asOf. */
  complaintResolutionHours: number | null;
  /** Share of resolved complaints resolved by their SLA due time, 0..1. */
  slaCompliance: number | null;
  averageCsat: number | null;
  /** −100..100. */
  nps: number | null;
  revenue: { total: Money; byYear: Record<string, Money> };
  retentionRate: number | null;
  targets: KpiTargetResult[];
}

export interface KpiInput {
  asOf: Instant | string;
  targets: readonly KpiTarget[];
  /** Customers counted at the start of the period and those still buying (computed by the analytics). */
  retention: { base: number; retained: number } | null;
}

interface Measured {
  revenue: Money;
  complaintResolutionHours: number | null;
  slaCompliance: number | null;
  averageCsat: number | null;
  nps: number | null;
}

const inWindow = (month: MonthKey, from: MonthKey | null, to: MonthKey): boolean =>
  (from === null || month >= from) && month <= to;

function sumMonths<T>(record: Record<MonthKey, T>, from: MonthKey | null, to: MonthKey, add: (entry: T) => void) {
  for (const month of Object.keys(record).sort()) if (inWindow(month, from, to)) add(record[month]);
}

function measure(doc: KpisDocument | null, from: MonthKey | null, to: MonthKey): Measured {
  let revenue = 0;
  const complaints = { resolved: 0, hours: 0, within: 0 };
  const feedback = { csatCount: 0, csatTotal: 0, npsCount: 0, promoters: 0, detractors: 0 };
  if (doc) {
    sumMonths(doc.revenueByMonth, from, to, (amount: Money) => (revenue = addMoney(revenue, amount)));
    sumMonths(doc.complaintsByMonth, from, to, (m: ComplaintMonth) => {
      complaints.resolved += m.resolved;
      complaints.hours += m.resolutionHours;
      complaints.within += m.resolvedWithinSla;
    });
    sumMonths(doc.feedbackByMonth, from, to, (m: FeedbackMonth) => {
      feedback.csatCount += m.csatCount;
      feedback.csatTotal += m.csatTotal;
      feedback.npsCount += m.npsCount;
      feedback.promoters += m.promoters;
      feedback.detractors += m.detractors;
    });
  }
  return {
    revenue,
    complaintResolutionHours: complaints.resolved > 0 ? roundTo(complaints.hours / complaints.resolved, 2) : null,
    slaCompliance: complaints.resolved > 0 ? roundTo(complaints.within / complaints.resolved, 4) : null,
    averageCsat: feedback.csatCount > 0 ? roundTo(feedback.csatTotal / feedback.csatCount, 2) : null,
    nps:
      feedback.npsCount > 0 ? roundTo(((feedback.promoters - feedback.detractors) / feedback.npsCount) * 100, 1) : null,
  };
}

function actualOf(kpi: KpiName, measured: Measured, retentionRate: number | null): number | null {
  switch (kpi) {
    case 'revenue':
      return measured.revenue;
    case 'retention_rate':
      return retentionRate;
    case 'sla_compliance':
      return measured.slaCompliance;
    case 'average_csat':
      return measured.averageCsat;
    case 'nps':
      return measured.nps;
    case 'complaint_resolution_hours':
      return measured.complaintResolutionHours;
  }
}

function progressOf(kpi: KpiName, actual: number, target: number): number {
  if (LOWER_IS_BETTER.has(kpi)) return actual > 0 ? target / actual : 1;
  const [a, t] = kpi === 'nps' ? [actual + 100, target + 100] : [actual, target];
  if (t > 0) return a / t;
  return a >= t ? 1 : 0;
}

function evaluate(doc: KpisDocument | null, target: KpiTarget, asOfMonth: MonthKey, retentionRate: number | null) {
  const byMonth = monthOf(target.by);
  const from = target.from ? monthOf(target.from) : target.kpi === 'revenue' ? `${yearOf(byMonth)}-01` : null;
  const to = byMonth < asOfMonth ? byMonth : asOfMonth;
  const actual = actualOf(target.kpi, measure(doc, from, to), retentionRate);
  const achieved =
    actual !== null && (LOWER_IS_BETTER.has(target.kpi) ? actual <= target.target : actual >= target.target);
  const result: KpiTargetResult = {
    kpi: target.kpi,
    target: target.target,
    by: target.by,
    from,
    actual,
    achieved,
    progress: actual === null ? null : roundTo(progressOf(target.kpi, actual, target.target), 4),
  };
  return result;
}

/** The KPIs as of `asOf` over all history up to then, and each target's actual, achievement and progress. */
export function computeKpis(doc: KpisDocument | null, input: KpiInput): KpiReport {
  const asOfMonth = monthOf(input.asOf);
  const overall = measure(doc, null, asOfMonth);
  const byYear: Record<string, Money> = {};
  if (doc) {
    for (const month of Object.keys(doc.revenueByMonth).sort()) {
      if (month > asOfMonth) continue;
      byYear[yearOf(month)] = addMoney(byYear[yearOf(month)] ?? 0, doc.revenueByMonth[month]);
    }
  }
  const { retention } = input;
  const retentionRate = retention && retention.base > 0 ? roundTo(retention.retained / retention.base, 4) : null;
  return {
    asOf: input.asOf,
    complaintResolutionHours: overall.complaintResolutionHours,
    slaCompliance: overall.slaCompliance,
    averageCsat: overall.averageCsat,
    nps: overall.nps,
    revenue: { total: overall.revenue, byYear },
    retentionRate,
    targets: input.targets.map((target) => evaluate(doc, target, asOfMonth, retentionRate)),
  };
}
