// Counts of customers per value of one dimension (segment, value tier, lifecycle stage, churn
// risk, channel affinity) as horizontal bars in the dimension's canonical order; a click on a
// bar drills into the customers with that value.
import { frame, tooltipLine, type ChartFormat, type ChartFrame, type Option } from './chart-base';

export interface DistributionText extends ChartFrame {
  customers: string;
  /** The value's label in the page's language. */
  label(value: string): string;
}

export interface DistributionBar {
  /** The API's value (what the drill-down filters on). */
  key: string;
  value: number;
  share: number;
}

export function distributionBars(counts: Record<string, number>, order: readonly string[]): DistributionBar[] {
  const total = order.reduce((n, key) => n + (counts[key] ?? 0), 0);
  return order.map((key) => ({ key, value: counts[key] ?? 0, share: total > 0 ? (counts[key] ?? 0) / total : 0 }));
}

export function distributionOption(
  counts: Record<string, number>,
  order: readonly string[],
  text: DistributionText,
  format: ChartFormat,
): Option {
  const bars = distributionBars(counts, order);
  return {
    ...frame(text),
    grid: { top: 8, bottom: 24, left: 16, right: 32, containLabel: true },
    tooltip: {
      confine: true,
      trigger: 'item',
      formatter: (params: { data: DistributionBar }) =>
        `${text.label(params.data.key)}<br/>${tooltipLine(
          text.customers,
          `${format.number(params.data.value)} (${format.percent(params.data.share)})`,
        )}`,
    },
    // Horizontal bars: the first value on top; in RTL the bars grow from the right.
    xAxis: {
      type: 'value',
      inverse: text.rtl,
      minInterval: 1,
      axisLabel: { formatter: (v: number) => format.number(v) },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      position: text.rtl ? 'right' : 'left',
      data: bars.map((b) => text.label(b.key)),
    },
    series: [
      {
        type: 'bar',
        name: text.customers,
        data: bars,
        cursor: 'pointer',
        label: {
          show: true,
          position: text.rtl ? 'left' : 'right',
          formatter: (params: { data: DistributionBar }) => format.number(params.data.value),
        },
      },
    ],
  };
}
