// Revenue (purchases minus returns) per calendar month up to asOf, as bars; a click on a month
// drills into the customers by value as of that month's end.
import {
  categoryAxis,
  frame,
  tooltipLine,
  valueAxis,
  type ChartFormat,
  type ChartFrame,
  type Option,
} from './chart-base';
import type { KpiMonth } from './analytics-types';

export interface RevenueText extends ChartFrame {
  revenue: string;
  contacts: string;
}

export function revenueOption(
  months: KpiMonth[],
  text: RevenueText,
  format: ChartFormat,
  currency?: string | null,
): Option {
  const data = months.map((m) => ({ month: m.month, value: m.revenue, contacts: m.contacts }));
  return {
    ...frame(text),
    tooltip: {
      confine: true,
      trigger: 'item',
      formatter: (params: { data: (typeof data)[number] }) =>
        [
          format.month(params.data.month),
          tooltipLine(text.revenue, format.money(params.data.value, currency)),
          tooltipLine(text.contacts, format.number(params.data.contacts)),
        ].join('<br/>'),
    },
    xAxis: categoryAxis(
      months.map((m) => format.month(m.month)),
      text.rtl,
    ),
    yAxis: valueAxis(text.rtl, (v) => format.number(v)),
    series: [{ type: 'bar', name: text.revenue, data, cursor: 'pointer' }],
  };
}

/** The last instant of a month (`2026-03` → 2026-03-31T23:59:59.999Z): the drill-down's asOf. */
export function endOfMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m, 1) - 1).toISOString();
}
