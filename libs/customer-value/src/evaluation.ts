// Holdout evaluation: fit on the purchases up to the calibration cut-off, forecast each
// calibration customer's spend in (calibrationEnd, holdoutEnd], and score it against what they
// actually spent — for the fitted model and for the baselines it has to beat.
import { PREDICTION_MODEL } from '@ledger/projections';
import { conditionalExpectedPurchases } from './bg-nbd';
import { conditionalExpectedSpend } from './gamma-gamma';
import { scoreForecast, type ForecastScore } from './metrics';
import { fitCustomerValueModel, type CustomerValueModel } from './model';
import { DAY_MS, periodTotals, summarise, type CustomerSummary, type Purchase } from './summary';

const DAYS_PER_MONTH = 365.25 / 12;

/** Calendar month number (year · 12 + month), UTC, as the lifecycle read model counts months. */
const monthIndex = (ms: number): number => {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

export interface HoldoutContext {
  summary: CustomerSummary;
  calibrationEndMs: number;
  holdoutWeeks: number;
}

/**
 * The current read-model heuristic (libs/projections lifecycle: `predictedLifetimeValue`)
 * read as a forecast of the holdout: average monthly value (12-month tenure floor) × holdout
 * months × survival e^(−months since last purchase / 12). `decaying` lets survival keep
 * decaying through the holdout instead of holding it flat.
 */
export function heuristicHoldoutSpend(
  { summary, calibrationEndMs, holdoutWeeks }: HoldoutContext,
  decaying: boolean,
): number {
  const end = monthIndex(calibrationEndMs);
  const tenure = end - monthIndex(summary.firstPurchaseMs) + 1;
  const since = end - monthIndex(summary.lastPurchaseMs);
  const averageMonthly = Math.max(0, summary.totalSpend / Math.max(tenure, PREDICTION_MODEL.minimumTenureMonths));
  const scale = PREDICTION_MODEL.survivalScaleMonths;
  const months = (holdoutWeeks * 7) / DAYS_PER_MONTH;
  const survival = Math.exp(-since / scale);
  return averageMonthly * survival * (decaying ? scale * (1 - Math.exp(-months / scale)) : months);
}

/** "Past spend": the customer keeps spending at their observed rate per day since the first purchase. */
export function pastSpendHoldoutSpend({ summary, holdoutWeeks }: HoldoutContext): number {
  return (summary.totalSpend * holdoutWeeks) / (summary.age + 1 / 7);
}

export function modelHoldoutSpend(model: CustomerValueModel, { summary, holdoutWeeks }: HoldoutContext): number {
  return (
    conditionalExpectedPurchases(model.bgNbd, summary, holdoutWeeks) *
    conditionalExpectedSpend(model.gammaGamma, summary)
  );
}

/** Every forecast of one calibration/holdout split, customer by customer. */
interface Split {
  contexts: HoldoutContext[];
  actualSpend: number[];
  actualPurchases: number;
  model: CustomerValueModel;
  expectedPurchases: number[];
  modelSpend: number[];
  heuristicSpend: number[];
}

function split(customers: readonly (readonly Purchase[])[], calibrationEndMs: number, holdoutEndMs: number): Split {
  const holdoutWeeks = (Math.floor(holdoutEndMs / DAY_MS) - Math.floor(calibrationEndMs / DAY_MS)) / 7;
  const contexts: HoldoutContext[] = [];
  const actualSpend: number[] = [];
  let actualPurchases = 0;
  for (const purchases of customers) {
    const summary = summarise(purchases, calibrationEndMs);
    if (!summary) continue;
    const holdout = periodTotals(purchases, calibrationEndMs, holdoutEndMs);
    contexts.push({ summary, calibrationEndMs, holdoutWeeks });
    actualSpend.push(holdout.spend);
    actualPurchases += holdout.days;
  }
  const model = fitCustomerValueModel(contexts.map((c) => c.summary));
  // Customers with the same (x, t_x, T) share the expectation: one hypergeometric series per triple.
  const byTriple = new Map<string, number>();
  const expectedPurchases = contexts.map(({ summary: s }) => {
    const key = `${s.frequency},${s.recency},${s.age}`;
    let value = byTriple.get(key);
    if (value === undefined) byTriple.set(key, (value = conditionalExpectedPurchases(model.bgNbd, s, holdoutWeeks)));
    return value;
  });
  return {
    contexts,
    actualSpend,
    actualPurchases,
    model,
    expectedPurchases,
    modelSpend: contexts.map((c, i) => expectedPurchases[i] * conditionalExpectedSpend(model.gammaGamma, c.summary)),
    heuristicSpend: contexts.map((c) => heuristicHoldoutSpend(c, false)),
  };
}

const blend = (s: Split, weight: number): number[] =>
  s.modelSpend.map((m, i) => (1 - weight) * m + weight * s.heuristicSpend[i]);

export const STACKING_WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;

/**
 * The stacked forecast (1 − w) · model + w · heuristic, w chosen without looking at the holdout:
 * a backtest inside the calibration period (fit up to calibrationEnd − holdout/3, forecast the
 * rest of the calibration period) picks the w of least RMSE. The two forecasts err differently
 * — the stationary model under-forecasts a growing or seasonal base, the heuristic over-reads
 * recent spend — so a blend beats either. null when the backtest has too few customers to fit.
 */
function stackingWeight(customers: readonly (readonly Purchase[])[], calibrationEndMs: number, holdoutWeeks: number) {
  const backtestStartMs = calibrationEndMs - Math.round((holdoutWeeks * 7) / 3) * DAY_MS;
  try {
    const backtest = split(customers, backtestStartMs, calibrationEndMs);
    const rmse = (w: number) => scoreForecast(blend(backtest, w), backtest.actualSpend).rootMeanSquaredError;
    let best: number = STACKING_WEIGHTS[0];
    for (const w of STACKING_WEIGHTS) if (rmse(w) < rmse(best)) best = w;
    return { weight: best, backtestStartMs };
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

export interface HoldoutEvaluation {
  calibrationEndMs: number;
  holdoutEndMs: number;
  holdoutWeeks: number;
  /** Customers with a purchase by the calibration cut-off: the ones scored. */
  customers: number;
  model: CustomerValueModel;
  /** Purchase days in the holdout: actual vs the model's expectation. */
  purchases: { actual: number; predicted: number };
  /** The stacked forecast's heuristic weight and the backtest that chose it (null: no backtest, weight 0). */
  stacking: { weight: number; backtestStartMs: number } | null;
  scores: Record<'model' | 'stacked' | 'pastSpend' | 'heuristic' | 'heuristicDecaying', ForecastScore>;
}

export function evaluateHoldout(
  customers: Iterable<readonly Purchase[]>,
  calibrationEndMs: number,
  holdoutEndMs: number,
): HoldoutEvaluation {
  if (!(holdoutEndMs > calibrationEndMs)) throw new RangeError('holdoutEnd must be after calibrationEnd');
  const all = [...customers];
  const s = split(all, calibrationEndMs, holdoutEndMs);
  const holdoutWeeks = (Math.floor(holdoutEndMs / DAY_MS) - Math.floor(calibrationEndMs / DAY_MS)) / 7;
  const stacking = stackingWeight(all, calibrationEndMs, holdoutWeeks);
  const score = (predicted: number[]) => scoreForecast(predicted, s.actualSpend);
  return {
    calibrationEndMs,
    holdoutEndMs,
    holdoutWeeks,
    customers: s.contexts.length,
    model: s.model,
    purchases: { actual: s.actualPurchases, predicted: s.expectedPurchases.reduce((sum, v) => sum + v, 0) },
    stacking,
    scores: {
      model: score(s.modelSpend),
      stacked: score(blend(s, stacking?.weight ?? 0)),
      pastSpend: score(s.contexts.map(pastSpendHoldoutSpend)),
      heuristic: score(s.heuristicSpend),
      heuristicDecaying: score(s.contexts.map((c) => heuristicHoldoutSpend(c, true))),
    },
  };
}
