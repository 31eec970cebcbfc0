// Customer-value fits and their holdout evaluation as the API answers them
// (libs/queries customer-value.controller, libs/customer-value evaluation.ts).

export interface FittedModel {
  modelId: string;
  asOf: string;
  fittedAt: string;
  position: number;
  libraryVersion: string;
  populationSize: number;
  repeatBuyers: number;
  logLikelihood: { bgNbd: number; gammaGamma: number };
  bgNbd: { r: number; alpha: number; a: number; b: number };
  gammaGamma: { p: number; q: number; v: number };
}

export interface ForecastScore {
  spearman: number;
  topDecileCapture: number;
  meanAbsoluteError: number;
  rootMeanSquaredError: number;
  predictedTotal: number;
  actualTotal: number;
  /** (predicted − actual) / actual. */
  totalError: number;
}

/** The forecasts scored, the fitted model first, then the baselines it is judged against. */
export const FORECASTS = ['model', 'stacked', 'pastSpend', 'heuristic', 'heuristicDecaying'] as const;
export type Forecast = (typeof FORECASTS)[number];

export interface Evaluation {
  calibrationEnd: string;
  holdoutEnd: string;
  holdoutWeeks: number;
  customers: number;
  purchases: { actual: number; predicted: number };
  stacking: { weight: number; backtestStart: string } | null;
  scores: Record<Forecast, ForecastScore>;
}
