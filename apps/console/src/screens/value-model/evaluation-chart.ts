// "How much did each forecast expect customers to spend in the holdout, against what they
// spent?": the fitted model and the baselines as bars of predicted spend, the actual spend as
// a line across them, so the closest bar is seen at a glance. Pure: data and words in, option out.
import {
  categoryAxis,
  frame,
  PALETTE,
  tooltipLine,
  valueAxis,
  type ChartFormat,
  type ChartFrame,
  type Option,
} from '../dashboard/chart-base';
import { FORECASTS, type Evaluation, type Forecast } from './value-model-types';

const BASELINES = new Set<Forecast>(['pastSpend', 'heuristic', 'heuristicDecaying']);

export interface EvaluationText extends ChartFrame {
  /** The forecasts' names, in the page's language. */
  forecast: Record<Forecast, string>;
  predicted: string;
  actual: string;
  error: string;
}

export function evaluationOption(evaluation: Evaluation, text: EvaluationText, format: ChartFormat): Option {
  const actual = evaluation.scores.model.actualTotal;
  const data = FORECASTS.map((forecast) => ({
    forecast,
    value: evaluation.scores[forecast].predictedTotal,
    error: evaluation.scores[forecast].totalError,
    // The fitted forecasts in one colour, the baselines in another (the labels say which is which).
    itemStyle: { color: BASELINES.has(forecast) ? PALETTE[1] : PALETTE[0] },
  }));
  return {
    ...frame(text),
    tooltip: {
      confine: true,
      trigger: 'item',
      formatter: (params: { data: (typeof data)[number] }) =>
        [
          text.forecast[params.data.forecast],
          tooltipLine(text.predicted, format.number(params.data.value)),
          tooltipLine(text.actual, format.number(actual)),
          tooltipLine(text.error, format.percent(params.data.error)),
        ].join('<br/>'),
    },
    xAxis: {
      ...categoryAxis(
        FORECASTS.map((forecast) => text.forecast[forecast]),
        text.rtl,
      ),
      // Every forecast named under its bar, wrapped rather than skipped.
      axisLabel: { interval: 0, width: 150, overflow: 'break' },
    },
    yAxis: valueAxis(text.rtl, (v) => format.number(v)),
    series: [
      {
        type: 'bar',
        name: text.predicted,
        data,
        markLine: {
          symbol: 'none',
          silent: true,
          data: [{ yAxis: actual, name: text.actual }],
          label: {
            formatter: `${text.actual}: ${format.number(actual)}`,
            position: text.rtl ? 'insideStartTop' : 'insideEndTop',
          },
          lineStyle: { type: 'dashed', color: '#000000', width: 2 },
        },
      },
    ],
  };
}
