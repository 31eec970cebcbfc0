// The fitted customer-value models as recorded facts: which fit is in force at an instant, and
// the population a fit sees (purchases per customer from the lifecycle read model).
import { fitInForce, type CustomerValueModel, type Purchase, type RecordedFit } from '@ledger/customer-value';
import type { CustomerValueModelFitted, RecordedEvent } from '@ledger/domain';
import type { LifecycleHistory } from '@ledger/projections';

/** Every fit is appended to this one stream, in the order the fits ran. */
export const MODEL_STREAM = 'model-customer-value';

export type FittedModelEvent = RecordedEvent<CustomerValueModelFitted>;

/** The model in force at `asOfMs` (the rule of `fitInForce`); null when no fit qualifies. */
export function modelInForce(events: readonly RecordedEvent[], asOfMs: number): FittedModelEvent | null {
  return fitInForce(recordedFits(events), asOfMs)?.event ?? null;
}

/** The fits among the model stream's events, in the order they were recorded. */
export function recordedFits(events: readonly RecordedEvent[]): (RecordedFit & { event: FittedModelEvent })[] {
  return events
    .filter((e): e is FittedModelEvent => e.type === 'CustomerValueModelFitted')
    .map((event) => ({
      event,
      modelId: event.data.modelId,
      asOfMs: Date.parse(event.data.asOf),
      model: modelOf(event.data),
    }));
}

/** How an answer names the fit it came from, so it can be reproduced. */
export const modelReference = (fit: FittedModelEvent) => ({
  modelId: fit.data.modelId,
  asOf: fit.data.asOf,
  fittedAt: fit.data.occurredAt,
  position: fit.position,
  libraryVersion: fit.data.libraryVersion,
});

export const NO_MODEL_REASON =
  'no customer-value model was fitted with data up to asOf; an admin fits one with POST /admin/models/customer-value/fit';

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
