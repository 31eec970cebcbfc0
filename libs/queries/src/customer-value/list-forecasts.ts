// Customer lists (a segment's customers, ad-hoc filters) with each listed customer's fitted
// forecast, on request: a page at a time, from the one model in force at the list's asOf.
import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { FORECAST_DEFAULTS } from '@ledger/customer-value';
import { ValidationFailed } from '@ledger/domain';
import { lifecycleProjection, type LifecycleHistory } from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import { enumParam, intParam } from '../query-params';
import type { CustomerValueService } from './customer-value.service';

/**
 * Each forecast simulates 2,000 draws and sums 156 weeks of closed-form purchases: 10–100 ms, the
 * most for frequent buyers. A page of 50 stays within a few seconds.
 */
export const MAX_FORECAST_PAGE = 50;

export interface ListForecastRequest {
  horizonWeeks: number;
  lifetimeWeeks: number;
}

/** null when the list was asked without forecasts; a 400 naming the parameter when asked wrongly. */
export function listForecastParams(
  query: { forecast?: string; horizonWeeks?: string; lifetimeWeeks?: string },
  pageSize: number,
  /** The parameter the page size came in (`limit` or `pageSize`). */
  sizeField: 'limit' | 'pageSize' = 'pageSize',
): ListForecastRequest | null {
  const wanted = enumParam('forecast', query.forecast, ['true', 'false'] as const) === 'true';
  if (!wanted) {
    for (const field of ['horizonWeeks', 'lifetimeWeeks'] as const) {
      if (query[field] !== undefined) throw new ValidationFailed([{ field, reason: `${field} needs forecast=true` }]);
    }
    return null;
  }
  if (pageSize > MAX_FORECAST_PAGE) {
    throw new ValidationFailed([
      { field: sizeField, reason: `${sizeField} must be at most ${MAX_FORECAST_PAGE} with forecast=true` },
    ]);
  }
  return {
    horizonWeeks: intParam('horizonWeeks', query.horizonWeeks, FORECAST_DEFAULTS.horizonWeeks, 1, 520),
    lifetimeWeeks: intParam('lifetimeWeeks', query.lifetimeWeeks, FORECAST_DEFAULTS.lifetimeWeeks, 1, 520),
  };
}

/** The page with `valueModel` (the fit used, or null and why) and a `valueForecast` on every item. */
export async function withForecasts<Item extends { customerId: string }, Page extends { items: Item[] }>(
  page: Page,
  asOf: string,
  request: ListForecastRequest,
  reads: ReadStore,
  models: CustomerValueService,
) {
  const histories = await reads.getMany<LifecycleHistory>(
    lifecycleProjection.name,
    page.items.map((item) => item.customerId),
  );
  const batch = await models.forecastMany([...histories.values()], { asOf, ...request });
  return {
    ...page,
    valueModel: batch.model,
    ...(batch.reason ? { valueModelReason: batch.reason } : {}),
    items: page.items.map((item) => ({ ...item, valueForecast: batch.forecasts.get(item.customerId) ?? null })),
  };
}

/** The list parameters above, documented once for every list that takes them. */
export const ApiForecastQueries = () =>
  applyDecorators(
    ApiQuery({
      name: 'forecast',
      required: false,
      description:
        'true: each item gets valueForecast (fitted P(alive), purchases, spend and lifetime value with 80 % ' +
        `intervals, model in force at asOf; pageSize ≤ ${MAX_FORECAST_PAGE})`,
    }),
    ApiQuery({ name: 'horizonWeeks', required: false, description: 'with forecast: weeks ahead (default 52)' }),
    ApiQuery({ name: 'lifetimeWeeks', required: false, description: 'with forecast: lifetime weeks (default 156)' }),
  );
