// Revenue (purchases minus returns) per calendar month up to asOf, as bars; a click on a month
// drills into the customers who bought (or returned) in that month.
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
