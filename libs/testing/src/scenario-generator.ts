// A seeded, deterministic CRM history for tests and benchmarks: customers with varied lives and
// campaigns, every event produced by the real deciders, so the log is valid under the business rules.
import { DEFAULT_POLICY, type CrmEvent, type CrmPolicy } from '@ledger/domain';
import { planCampaigns } from './campaign-plan';
import { simulateCustomer, type TimedEvent } from './customer-simulation';
import { Random } from './random';

export interface ScenarioOptions {
  seed: number;
  customers: number;
  /** ISO instant where the scenario's history begins. */
  start: string;
  /** Length of the history in calendar months (default 24). */
  months?: number;
  /** Campaigns launched over the period (default one per quarter). */
  campaigns?: number;
  /** Approximate average events per customer (default 30); scales every activity rate. */
  eventsPerCustomer?: number;
  /** Policy the deciders apply (default DEFAULT_POLICY). */
  policy?: CrmPolicy;
  /** Prefix for every generated id, so several scenarios can share one store. */
  idPrefix?: string;
}

export interface ScenarioEvent {
  streamId: string;
  event: CrmEvent;
}

// Measured on large seeded runs over 24 months: a customer produces about BASE events at rateScale 1,
// of which about FIXED do not scale with activity (registration, consent, campaign touches).
const BASE_EVENTS_PER_CUSTOMER = 35;
const FIXED_EVENTS_PER_CUSTOMER = 7;
const DEFAULT_EVENTS_PER_CUSTOMER = 30;
const BASE_MONTHS = 24;

/** The instant the scenario's history ends: start plus `months` calendar months. */
export function scenarioEnd(options: Pick<ScenarioOptions, 'start' | 'months'>): string {
  const end = new Date(Date.parse(options.start));
  end.setUTCMonth(end.getUTCMonth() + (options.months ?? BASE_MONTHS));
  return end.toISOString();
}

/** All events of the scenario in one plausible global order: by occurredAt, stream order kept on ties. */
export function generateScenario(options: ScenarioOptions): ScenarioEvent[] {
  const startMs = Date.parse(options.start);
  const months = options.months ?? BASE_MONTHS;
  if (Number.isNaN(startMs)) throw new RangeError(`start must be an ISO instant, got '${options.start}'`);
  if (!(months > 0)) throw new RangeError('months must be positive');
  if (!Number.isInteger(options.customers) || options.customers < 0)
    throw new RangeError('customers must be a whole number ≥ 0');
  const endMs = Date.parse(scenarioEnd({ start: options.start, months }));
  const eventsPerCustomer = options.eventsPerCustomer ?? DEFAULT_EVENTS_PER_CUSTOMER;
  // Rates are per month: a shorter scenario needs busier months to reach the same events per customer.
  const activity = Math.max(
    0.05,
    (eventsPerCustomer - FIXED_EVENTS_PER_CUSTOMER) / (BASE_EVENTS_PER_CUSTOMER - FIXED_EVENTS_PER_CUSTOMER),
  );
  const rateScale = activity * (BASE_MONTHS / months);
  const idPrefix = options.idPrefix ?? '';
  const root = new Random(options.seed);
  const campaigns = planCampaigns(
    root.fork(-1),
    options.campaigns ?? Math.max(1, Math.round(months / 3)),
    startMs,
    endMs,
    idPrefix,
  );
  const settings = { startMs, endMs, rateScale, policy: options.policy ?? DEFAULT_POLICY, idPrefix, campaigns };

  const timed: TimedEvent[] = [];
  for (const campaign of campaigns) {
    for (const event of campaign.events) timed.push({ at: campaign.launchedAt, streamId: campaign.streamId, event });
  }
  for (let i = 0; i < options.customers; i++) {
    for (const item of simulateCustomer(root.fork(i), i, settings)) timed.push(item);
  }
  // Array.prototype.sort is stable: events at the same instant keep their stream order.
  timed.sort((a, b) => a.at - b.at);
  return timed.map(({ streamId, event }) => ({ streamId, event }));
}
