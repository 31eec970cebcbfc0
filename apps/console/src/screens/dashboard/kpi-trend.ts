// One KPI month by month, with its target as a dashed line when one is set; and each target's
// progress (actual against target) for the progress bars.
import {
  categoryAxis,
  frame,
  tooltipLine,
  valueAxis,
  type ChartFormat,
  type ChartFrame,
  type Option,
} from './chart-base';
import type { KpiMonth, KpiTargetResult } from './analytics-types';

/** The KPIs measured per month, and the monthly field that carries each. */
export const MONTHLY_KPIS = {
  revenue: 'revenue',
  sla_compliance: 'slaCompliance',
  average_csat: 'averageCsat',
  nps: 'nps',
  complaint_resolution_hours: 'complaintResolutionHours',
} as const satisfies Record<string, keyof KpiMonth>;
export type MonthlyKpi = keyof typeof MONTHLY_KPIS;

export interface KpiTrendText extends ChartFrame {
  kpiLabel: string;
  target: string;
}

/** A KPI value as people read it: shares as percentages, hours and scores with decimals. */
export function formatKpi(kpi: string, value: number, format: ChartFormat, currency?: string | null): string {
  if (kpi === 'sla_compliance' || kpi === 'retention_rate') return format.percent(value);
  if (kpi === 'revenue') return format.money(value, currency);
  return format.number(value, 2);
}

export function kpiTrendOption(
  months: KpiMonth[],
  kpi: MonthlyKpi,
  target: number | null,
  text: KpiTrendText,
  format: ChartFormat,
): Option {
  const field = MONTHLY_KPIS[kpi];
  const data = months.map((m) => ({ month: m.month, measured: m[field] as number | null }));
  return {
    ...frame(text),
    tooltip: {
      confine: true,
      trigger: 'item',
      formatter: (params: { data: { month: string; measured: number | null } }) =>
        [
          format.month(params.data.month),
          tooltipLine(
            text.kpiLabel,
            params.data.measured === null ? '–' : formatKpi(kpi, params.data.measured, format),
          ),
          ...(target === null ? [] : [tooltipLine(text.target, formatKpi(kpi, target, format))]),
        ].join('<br/>'),
    },
    xAxis: categoryAxis(
      months.map((m) => format.month(m.month)),
      text.rtl,
    ),
    yAxis: valueAxis(text.rtl, (v) => formatKpi(kpi, v, format)),
    series: [
      {
        type: 'line',
        name: text.kpiLabel,
        // Months without a measurement are gaps, not zeros.
        data: data.map((d) => ({ ...d, value: d.measured ?? '-' })),
        connectNulls: false,
        symbolSize: 8,
        markLine:
          target === null
            ? undefined
            : {
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#D55E00' },
                label: { formatter: `${text.target}: ${formatKpi(kpi, target, format)}` },
                data: [{ yAxis: target }],
              },
      },
    ],
  };
}

/** Progress of a target for a progress bar: 0..100 (capped), or null when nothing is measured yet. */
export function progressPercent(result: KpiTargetResult): number | null {
  return result.progress === null ? null : Math.max(0, Math.min(100, Math.round(result.progress * 100)));
}
