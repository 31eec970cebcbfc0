// The query of the customer lists (GET /customers, GET /segments/:segment/customers): which
// filters they take, checked and parsed into the views' filter, order and window, forecasts and narrowing.
import { ValidationFailed } from '@ledger/domain';
import {
  SCORE_DIMENSION_VALUES,
  SCORE_SORT_FIELDS,
  type ScoreFilter,
  type ScoreListOptions,
} from '@ledger/projections';
import { listForecastParams, type ListForecastRequest } from './customer-value/list-forecasts';
import { listWindow, NARROWING_FILTERS, narrowingParams, type Narrowing } from './list-narrowing';
import { enumParam, explicitAsOfParam } from './query-params';

export interface CustomerListQuery {
  /** undefined: the present, which the population service pins down. */
  asOf: string | undefined;
  minPosition: string | undefined;
  filter: ScoreFilter;
  options: ScoreListOptions;
  /** null when the list was asked without forecasts. */
  forecasts: ListForecastRequest | null;
  narrowing: Narrowing;
}

/** The list asked for; a 400 naming the parameter when a filter is unknown or malformed. */
export function customerListQuery(query: Record<string, string>, clock: { now(): string }): CustomerListQuery {
  const { asOf: asOfParam, minPosition, sort, order, keyAccount, ...withPaging } = query;
  const { offset, limit, page, pageSize, ...withForecast } = withPaging;
  const { forecast, horizonWeeks, lifetimeWeeks, ...rest } = withForecast;
  const known = ['segment', 'valueTier', 'lifecycleStage', 'churnRisk', 'channel', 'country', ...NARROWING_FILTERS];
  const unknown = Object.keys(rest).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new ValidationFailed(
      unknown.map((field) => ({ field, reason: `unknown filter; filters: ${known.join(', ')}, keyAccount` })),
    );
  }
  const asOf = explicitAsOfParam(asOfParam, clock);
  const filter: ScoreFilter = {
    segment: enumParam('segment', rest['segment'], SCORE_DIMENSION_VALUES.rfmSegment),
    valueTier: enumParam('valueTier', rest['valueTier'], SCORE_DIMENSION_VALUES.valueTier),
    lifecycleStage: enumParam('lifecycleStage', rest['lifecycleStage'], SCORE_DIMENSION_VALUES.lifecycleStage),
    churnRisk: enumParam('churnRisk', rest['churnRisk'], SCORE_DIMENSION_VALUES.churnRisk),
    channel: enumParam('channel', rest['channel'], SCORE_DIMENSION_VALUES.channelAffinity),
    country: rest['country'],
    keyAccount:
      keyAccount === undefined ? undefined : enumParam('keyAccount', keyAccount, ['true', 'false']) === 'true',
  };
  const { sizeField, ...window } = listWindow({ offset, limit, page, pageSize });
  const options: ScoreListOptions = {
    sort: enumParam('sort', sort, SCORE_SORT_FIELDS),
    order: enumParam('order', order, ['asc', 'desc'] as const),
    ...window,
  };
  const forecasts = listForecastParams({ forecast, horizonWeeks, lifetimeWeeks }, window.pageSize, sizeField);
  const narrowing = narrowingParams(rest);
  return { asOf, minPosition, filter, options, forecasts, narrowing };
}
