// Customer-value fits and their holdout evaluation as the API answers them: the server's own
// types (libs/queries api), imported type-only.
import type { EvaluationAnswer } from '@ledger/queries/api';
import { allOf } from '../../api/closed-set';

export type { EvaluationAnswer as Evaluation, FittedModel, ForecastScore } from '@ledger/queries/api';

/** The forecasts scored, the fitted model first, then the baselines it is judged against. */
export const FORECASTS = allOf<keyof EvaluationAnswer['scores']>()([
  'model',
  'stacked',
  'pastSpend',
  'heuristic',
  'heuristicDecaying',
]);
export type Forecast = (typeof FORECASTS)[number];
