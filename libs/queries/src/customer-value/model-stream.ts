// The fitted customer-value models as recorded facts: which fit is in force at an instant, and
// the population a fit sees (purchases per customer from the lifecycle read model).
import type { CustomerValueModel, Purchase } from '@ledger/customer-value';
import type { CustomerValueModelFitted, RecordedEvent } from '@ledger/domain';
import type { LifecycleHistory } from '@ledger/projections';

/** Every fit is appended to this one stream, in the order the fits ran. */
export const MODEL_STREAM = 'model-customer-value';

export type FittedModelEvent = RecordedEvent<CustomerValueModelFitted>;

/**
 * The model in force at `asOfMs`: of the fits whose data cut-off (`asOf`) is at or before that
 * instant, the one with the latest cut-off, and of equal cut-offs the one recorded last. A fit
 * never looks past its cut-off, so it may be used for any later instant — and an auditor asking
 * about a past date gets the model that could have been used then. null when none qualifies.
 */
export function modelInForce(events: readonly RecordedEvent[], asOfMs: number): FittedModelEvent | null {
  let chosen: FittedModelEvent | null = null;
  for (const event of events) {
    if (event.type !== 'CustomerValueModelFitted') continue;
    const fit = event as FittedModelEvent;
    const cutOff = Date.parse(fit.data.asOf);
    if (cutOff > asOfMs) continue;
    if (!chosen || cutOff >= Date.parse(chosen.data.asOf)) chosen = fit;
  }
  return chosen;
}

export function modelOf(data: CustomerValueModelFitted['data']): CustomerValueModel {
  return {
    libraryVersion: data.libraryVersion,
    bgNbd: data.bgNbd,
    bgNbdCovariance: data.bgNbdCovariance,
    gammaGamma: data.gammaGamma,
    gammaGammaCovariance: data.gammaGammaCovariance,
    populationSize: data.populationSize,
    repeatBuyers: data.repeatBuyers,
    logLikelihood: data.logLikelihood,
  };
}

/**
 * A customer's purchases in business time, gross: the models describe buying, and a return is
 * not a purchase (it lowers revenue, which the lifecycle history reports separately).
 */
export function purchasesOf(history: Pick<LifecycleHistory, 'purchases'>): Purchase[] {
  return history.purchases.map(([at, amount]) => [Date.parse(at), amount] as const);
}
