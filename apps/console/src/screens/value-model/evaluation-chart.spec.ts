import { chartFormat } from '../dashboard/chart-format';
import { evaluationOption, type EvaluationText } from './evaluation-chart';
import type { Evaluation, ForecastScore } from './value-model-types';

const score = (predictedTotal: number): ForecastScore => ({
  spearman: 0.4,
  topDecileCapture: 0.3,
  meanAbsoluteError: 10,
  rootMeanSquaredError: 20,
  predictedTotal,
  actualTotal: 1000,
  totalError: (predictedTotal - 1000) / 1000,
});
const evaluation: Evaluation = {
  calibrationEnd: '2025-04-30T23:59:59.999Z',
  holdoutEnd: '2025-12-31T23:59:59.999Z',
  holdoutWeeks: 35,
  customers: 40,
  purchases: { actual: 50, predicted: 48.5 },
  model: {
    libraryVersion: '1.0.0',
    bgNbd: { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 },
    bgNbdCovariance: [],
    gammaGamma: { p: 6.25, q: 3.74, v: 15.4 },
    gammaGammaCovariance: [],
    populationSize: 40,
    repeatBuyers: 21,
    logLikelihood: { bgNbd: -310.2, gammaGamma: -95.1 },
  },
  stacking: null,
  scores: {
    model: score(950),
    stacked: score(1010),
    pastSpend: score(1400),
    heuristic: score(1270),
    heuristicDecaying: score(860),
  },
};
const text = (rtl: boolean): EvaluationText => ({
  title: 'Which forecast came closest?',
  rtl,
  forecast: { model: 'Model', stacked: 'Blend', pastSpend: 'Past', heuristic: 'Flat', heuristicDecaying: 'Decaying' },
  predicted: 'Predicted',
  actual: 'Actual',
  error: 'Total error',
});

describe('holdout evaluation chart', () => {
  it('draws each forecast’s predicted spend as a bar and the actual spend as a line across them', () => {
    const option = evaluationOption(evaluation, text(false), chartFormat('en')) as any;
    expect(option.xAxis.data).toEqual(['Model', 'Blend', 'Past', 'Flat', 'Decaying']);
    expect(option.series[0].data.map((d: { value: number }) => d.value)).toEqual([950, 1010, 1400, 1270, 860]);
    // The fitted forecasts and the baselines told apart by colour, every label shown.
    expect(option.series[0].data.map((d: { itemStyle: { color: string } }) => d.itemStyle.color)).toEqual([
      '#0072B2',
      '#0072B2',
      '#E69F00',
      '#E69F00',
      '#E69F00',
    ]);
    expect(option.xAxis.axisLabel.interval).toBe(0);
    expect(option.series[0].markLine.data).toEqual([{ yAxis: 1000, name: 'Actual' }]);
    expect(option.series[0].markLine.label.formatter).toBe('Actual: 1,000');
    expect(option.tooltip.formatter({ data: option.series[0].data[2] })).toBe(
      'Past<br/>Predicted: <b>1,400</b><br/>Actual: <b>1,000</b><br/>Total error: <b>40%</b>',
    );
  });

  it('reads from the right in Persian, with Persian digits', () => {
    const option = evaluationOption(evaluation, text(true), chartFormat('fa')) as any;
    expect(option.xAxis.inverse).toBe(true);
    expect(option.yAxis.position).toBe('right');
    expect(option.series[0].markLine.label.formatter).toBe('Actual: ۱٬۰۰۰');
  });
});
