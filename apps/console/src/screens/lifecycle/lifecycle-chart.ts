// One customer's value over time: monthly revenue (bars), cumulative value and predicted
// lifetime value (lines), the fitted model's lifetime value with its 80 % band (from the model in
// force at each month's end), with each lifecycle-stage transition marked at its month.
import type { FittedMonth, Interval as ValueInterval, LifecycleAnswer } from '@ledger/queries/api';
import type { LifecycleMonth } from '@ledger/projections';
import {
  categoryAxis,
  frame,
  tooltipLine,
  valueAxis,
  type ChartFormat,
  type ChartFrame,
  type Option,
} from '../dashboard/chart-base';

export type { FittedMonth, FittedValue, LifecycleAnswer } from '@ledger/queries/api';
export type { LifecycleMonth, StageTransition } from '@ledger/projections';

export interface LifecycleText extends ChartFrame {
  revenue: string;
  cumulative: string;
  predicted: string;
  /** The fitted model's lifetime value (its band is drawn around it). */
  fitted: string;
  noModel: string;
  stage(stage: string): string;
}

/** The fitted figures by month (empty without fitted values). */
export const fittedMonths = (answer: LifecycleAnswer): Map<string, FittedMonth> =>
  new Map((answer.fittedValue?.months ?? []).map((m) => [m.month, m]));

const monthNumber = (key: string): number => Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1;
const monthKey = (n: number): string =>
  `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;

/**
 * Every month from the first month with a value or a transition to the last, so transitions
 * before the first purchase (registration) or after the last (at risk, lapsed) have a place.
 * Fitted months count only with a fitted value: the answer lists the last three years' months
 * with or without a model, and those alone stretched a customer whose history ended in 1998 to
 * today, their own months squeezed into the chart's first twentieth.
 */
export function lifecycleMonths(answer: LifecycleAnswer): LifecycleMonth[] {
  const keys = [
    ...answer.months.map((m) => m.month),
    ...answer.transitions.map((t) => t.at.slice(0, 7)),
    ...(answer.fittedValue?.months ?? []).filter((m) => m.lifetimeValue !== null).map((m) => m.month),
  ];
  if (keys.length === 0) return [];
  const numbers = keys.map(monthNumber);
  const first = Math.min(...numbers);
  const last = Math.max(...numbers);
  const known = new Map(answer.months.map((m) => [m.month, m]));
  const filled: LifecycleMonth[] = [];
  let previous: LifecycleMonth | null = null;
  for (let n = first; n <= last; n++) {
    const key = monthKey(n);
    // Months without purchases carry the value forward (the API fills gaps only between purchases).
    const month: LifecycleMonth = known.get(key) ?? {
      month: key,
      revenue: 0,
      cumulativeValue: previous?.cumulativeValue ?? 0,
      predictedLifetimeValue: previous?.predictedLifetimeValue ?? 0,
    };
    filled.push(month);
    previous = month;
  }
  return filled;
}

export function lifecycleOption(
  answer: LifecycleAnswer,
  currency: string | null,
  text: LifecycleText,
  format: ChartFormat,
): Option {
  const months = lifecycleMonths(answer);
  const fitted = fittedMonths(answer);
  const fittedValue = (m: LifecycleMonth) => fitted.get(m.month)?.lifetimeValue ?? null;
  const labels = months.map((m) => format.month(m.month));
  const money = (v: number) => format.money(v, currency);
  const line = (name: string, pick: (m: LifecycleMonth) => number) => ({
    type: 'line',
    name,
    data: months.map((m) => ({ value: pick(m), month: m })),
    symbolSize: 6,
  });
  return {
    ...frame(text),
    legend: { top: 0 },
    grid: { top: 40, bottom: 40, left: 56, right: 56, containLabel: true },
    tooltip: {
      confine: true,
      trigger: 'axis',
      formatter: (params: { dataIndex: number }[]) => {
        const month = months[params[0]?.dataIndex ?? 0];
        const stages = answer.transitions.filter((t) => t.at.slice(0, 7) === month.month);
        return [
          format.month(month.month),
          tooltipLine(text.revenue, money(month.revenue)),
          tooltipLine(text.cumulative, money(month.cumulativeValue)),
          tooltipLine(text.predicted, money(month.predictedLifetimeValue)),
          ...fittedTooltip(fittedValue(month), fitted.has(month.month), text, money),
          ...stages.map((t) => `→ ${text.stage(t.stage)}`),
        ].join('<br/>');
      },
    },
    xAxis: categoryAxis(labels, text.rtl),
    yAxis: valueAxis(text.rtl, money),
    series: [
      {
        type: 'bar',
        name: text.revenue,
        data: months.map((m) => ({ value: m.revenue, month: m })),
        // The stage transitions, as vertical lines at their month.
        markLine: {
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#555' },
          label: { formatter: (p: { name: string }) => p.name, position: 'insideEndTop' },
          data: answer.transitions.map((t) => ({ name: text.stage(t.stage), xAxis: format.month(t.at.slice(0, 7)) })),
        },
      },
      line(text.cumulative, (m) => m.cumulativeValue),
      { ...line(text.predicted, (m) => m.predictedLifetimeValue), lineStyle: { type: 'dotted' } },
      ...(months.some(fittedValue) ? fittedSeries(months.map(fittedValue), text) : []),
    ],
  };
}

/**
 * The fitted line, and its 80 % band as a transparent low line with the width stacked on it; the
 * band's two series have no name, so the legend shows the fitted line alone (the tooltip gives
 * the interval in figures).
 */
function fittedSeries(values: (ValueInterval | null)[], text: LifecycleText) {
  const band = { type: 'line', stack: 'fitted-band', symbol: 'none', silent: true, lineStyle: { opacity: 0 } };
  return [
    { ...band, data: values.map((v) => (v ? v.low : null)) },
    { ...band, data: values.map((v) => (v ? v.high - v.low : null)), areaStyle: { opacity: 0.15 } },
    { type: 'line', name: text.fitted, data: values.map((v) => (v ? v.estimate : null)), symbolSize: 6 },
  ];
}

function fittedTooltip(
  value: ValueInterval | null,
  shown: boolean,
  text: LifecycleText,
  money: (v: number) => string,
): string[] {
  if (!shown) return [];
  if (!value) return [tooltipLine(text.fitted, text.noModel)];
  return [tooltipLine(text.fitted, `${money(value.estimate)} (${money(value.low)}–${money(value.high)})`)];
}
