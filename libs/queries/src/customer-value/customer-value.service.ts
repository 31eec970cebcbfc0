// Fits customer-value models on the population as of an instant and records each fit as a
// CustomerValueModelFitted event; forecasts one customer from the model in force; runs the
// holdout evaluation. The population is the lifecycle read model's purchases per customer.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  evaluateHoldout,
  fitCustomerValueModel,
  fitInForce,
  fittedValueByMonth,
  forecastCustomer,
  monthsThrough,
  seedOf,
  summarise,
  type FittedMonth,
  type HoldoutEvaluation,
  type Purchase,
} from '@ledger/customer-value';
import { BusinessRuleViolation, SCHEMA_VERSIONS, type CustomerValueModelFitted, type NewEvent } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { lifecycleProjection, type LifecycleHistory } from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import { CLOCK, type Clock } from '@ledger/config';
import { LiveReadModels } from '@ledger/projection-runner';
import {
  MODEL_STREAM,
  modelInForce,
  modelOf,
  modelReference,
  NO_MODEL_REASON,
  purchasesOf,
  recordedFits,
  type FittedModelEvent,
} from './model-stream';
import type { FittedValue, ValueForecast } from '../api';

const SCAN_PAGE = 5000;
/** The lifecycle history's fitted months: the last three years at most (each a forecast of its own). */
const HISTORY_MONTHS = 36;

export interface FitRequest {
  asOf: string;
  actor: string;
  correlationId?: string;
}

export interface ForecastRequest {
  customerId: string;
  asOf: string;
  horizonWeeks: number;
  lifetimeWeeks: number;
}

/** Forecasts for several customers from one read of the fits: the segment lists' pages. */
export interface ForecastBatch {
  /** The fit in force at asOf; null (with the reason) before the first fit, never zeros. */
  model: ReturnType<typeof modelReference> | null;
  reason?: string;
  forecasts: Map<string, Awaited<ReturnType<CustomerValueService['forecast']>>>;
}

/**
 * Forecasts are CPU work (10–100 ms each); in embedded mode the same event loop takes commands.
 * Between two forecasts the loop gets a turn, so a list page or a long history never holds a
 * channel's command for longer than one forecast.
 */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A library refusal (too few customers to fit) as a 422 naming the parameter that chose the population. */
function fitting<T>(field: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof RangeError) {
      throw new BusinessRuleViolation(
        'TOO_FEW_CUSTOMERS_TO_FIT',
        `cannot fit as of this ${field}: ${error.message}`,
        field,
      );
    }
    throw error;
  }
}

@Injectable()
export class CustomerValueService {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(LiveReadModels) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Purchases of every customer (the lifecycle documents), in id order. */
  private async population(): Promise<Purchase[][]> {
    const customers: Purchase[][] = [];
    for await (const page of this.reads.scan<LifecycleHistory>(lifecycleProjection.name, SCAN_PAGE)) {
      for (const history of page) if (history.purchases.length > 0) customers.push(purchasesOf(history));
    }
    return customers;
  }

  /**
   * Appends at the model stream's revision read before fitting: of two fits running at once (two
   * admins, two replicas' schedulers), the second to finish is refused (ExpectedVersionMismatch,
   * a 409) instead of recording a fit that did not see the first.
   */
  async fit({
    asOf,
    actor,
    correlationId,
  }: FitRequest): Promise<{ position: number; event: CustomerValueModelFitted }> {
    const revision = await this.events.streamRevision(MODEL_STREAM);
    const asOfMs = Date.parse(asOf);
    const stats = (await this.population()).map((p) => summarise(p, asOfMs)).filter((s) => s !== null);
    const model = fitting('asOf', () => fitCustomerValueModel(stats));
    const modelId = randomUUID();
    const event: CustomerValueModelFitted = {
      type: 'CustomerValueModelFitted',
      data: { modelId, asOf, ...model, occurredAt: this.clock.now() },
    };
    const commandId = randomUUID();
    const recorded: NewEvent = {
      eventId: modelId,
      type: event.type,
      schemaVersion: SCHEMA_VERSIONS.CustomerValueModelFitted,
      data: event.data,
      metadata: { commandId, correlationId: correlationId ?? commandId, causationId: commandId, actor, channel: 'api' },
    };
    const result = await this.events.append(MODEL_STREAM, [recorded], revision);
    return { position: result.positions[0], event };
  }

  async fits(): Promise<FittedModelEvent[]> {
    const events = await this.events.readStream(MODEL_STREAM);
    return events.filter((e): e is FittedModelEvent => e.type === 'CustomerValueModelFitted');
  }

  async inForce(asOf: string): Promise<FittedModelEvent | null> {
    return modelInForce(await this.events.readStream(MODEL_STREAM), Date.parse(asOf));
  }

  /** null when the customer had not bought by asOf (the models describe customers who have). */
  async forecast(
    fit: FittedModelEvent,
    history: LifecycleHistory,
    request: ForecastRequest,
  ): Promise<ValueForecast | null> {
    const summary = summarise(purchasesOf(history), Date.parse(request.asOf));
    if (!summary) return null;
    const { totalSpend: _total, firstPurchaseMs, lastPurchaseMs, ...stats } = summary;
    const forecast = forecastCustomer(modelOf(fit.data), stats, {
      horizonWeeks: request.horizonWeeks,
      lifetimeWeeks: request.lifetimeWeeks,
      // Same model, customer and options: same intervals, on any replica, on any day.
      seed: seedOf(`${fit.data.modelId}:${request.customerId}`),
    });
    return {
      statistics: {
        ...stats,
        firstPurchaseAt: new Date(firstPurchaseMs).toISOString(),
        lastPurchaseAt: new Date(lastPurchaseMs).toISOString(),
      },
      ...forecast,
    };
  }

  /** The forecast at asOf for each customer of a page (the lifecycle documents), one model for all. */
  async forecastMany(histories: readonly LifecycleHistory[], request: Omit<ForecastRequest, 'customerId'>) {
    const fit = await this.inForce(request.asOf);
    const batch: ForecastBatch = { model: fit && modelReference(fit), forecasts: new Map() };
    if (!fit) return { ...batch, reason: NO_MODEL_REASON };
    for (const history of histories) {
      await breathe();
      batch.forecasts.set(
        history.customerId,
        await this.forecast(fit, history, { ...request, customerId: history.customerId }),
      );
    }
    return batch;
  }

  /**
   * The lifecycle history's fitted figures: the forecast at asOf (as `GET /customers/:id/value`
   * gives it) and each month's lifetime value from the model in force at the month's end.
   */
  async lifecycleValue(history: LifecycleHistory, request: ForecastRequest): Promise<FittedValue> {
    const fits = recordedFits(await this.events.readStream(MODEL_STREAM));
    const asOfMs = Date.parse(request.asOf);
    const first = history.purchases[0]?.[0];
    const months =
      first && first <= request.asOf ? monthsThrough(first.slice(0, 7), request.asOf.slice(0, 7), HISTORY_MONTHS) : [];
    const purchases = purchasesOf(history);
    const byMonth: FittedMonth[] = [];
    for (const month of months) {
      await breathe();
      const options = { lifetimeWeeks: request.lifetimeWeeks };
      byMonth.push(...fittedValueByMonth(request.customerId, purchases, [month], fits, asOfMs, options));
    }
    const fit = fitInForce(fits, asOfMs)?.event ?? null;
    if (!fit) return { model: null, reason: NO_MODEL_REASON, forecast: null, months: byMonth };
    return { model: modelReference(fit), forecast: await this.forecast(fit, history, request), months: byMonth };
  }

  async evaluate(calibrationEnd: string, holdoutEnd: string): Promise<HoldoutEvaluation> {
    const customers = await this.population();
    return fitting('calibrationEnd', () =>
      evaluateHoldout(customers, Date.parse(calibrationEnd), Date.parse(holdoutEnd)),
    );
  }
}
