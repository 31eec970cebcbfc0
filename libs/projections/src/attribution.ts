// Campaign attribution as of a date, from the campaign document (name, window, budget) and the
// analytics documents of the customers it touched (`{ campaignIds: campaignId }`). Pure; reads
// only entries at or before `asOf`, so the figures for a past date never change.
//
// A touch is a CampaignTouchDelivered or a contact carrying the campaign id. For each purchase
// of a listed customer in [startsAt, min(endsAt + lookback, asOf)], the customer's touches of
// ANY campaign in [purchase − lookback, purchase] compete: the earliest gets the first-touch
// credit, the latest the last-touch credit (ties at one instant: campaign id order). A touch is
// credited wherever it falls; only this campaign's own touches must lie in its window to count
// as "touched".
import { roundMoney, type ContactChannel, type Instant, type Money } from '@ledger/domain';
import type { CampaignDoc } from './campaigns.projection';
import type { CustomerAnalytics } from './customer-analytics.projection';
import { channelAt, countUpTo, DAY_MS, firstIndexFrom, toMs, zeroByChannel, type TouchEntry } from './timeline';

export interface AttributionOptions {
  asOf: Instant;
  /** How long before a purchase a touch still counts; 30 days by default. */
  lookbackDays?: number;
}

export interface AttributedPurchases {
  purchases: number;
  /** Gross amount of those purchases (returns are not netted). */
  revenue: Money;
}

export interface CampaignAttribution {
  campaignId: string;
  name: string | null;
  channel: ContactChannel | null;
  /** Null until the campaign's launch is projected; every figure is then zero. */
  window: { startsAt: Instant; endsAt: Instant } | null;
  asOf: Instant;
  lookbackDays: number;
  budget: Money | null;
  currency: string | null;
  /** Contacts carrying the campaign id, in its window, up to asOf. */
  contactsByChannel: Record<ContactChannel, { inbound: number; outbound: number }>;
  touchesByChannel: Record<ContactChannel, number>;
  /** Inbound contacts whose latest touch in the lookback before them (strictly) is this campaign's: "400 calls after ad A". */
  contactsAfterTouch: Record<ContactChannel, number>;
  /** Purchases carrying the campaign id, in its window, up to asOf. */
  directPurchases: { count: number; revenue: Money };
  firstTouch: AttributedPurchases;
  lastTouch: AttributedPurchases;
  /** Customers with at least one of this campaign's touches in its window, up to asOf. */
  customersTouched: number;
  /** Touched customers who purchased within the lookback after one of those touches. */
  customersConverted: number;
  conversionRate: number | null;
  /** budget / customersConverted. */
  costPerAcquisition: Money | null;
  /** (revenue − budget) / budget under each model. */
  roi: { direct: number | null; firstTouch: number | null; lastTouch: number | null };
}

/** The instants a campaign's figures read, as epoch milliseconds. */
export interface AttributionRange {
  start: number;
  touchEnd: number;
  creditEnd: number;
  lookback: number;
}

/**
 * A campaign's figures being summed customer by customer: each customer's part is independent of
 * the others, so LiveAttribution (libs/analytics/src/attribution-live.ts) takes a changed
 * customer's old document out (sign −1) and puts the new one in. Amounts are whole cents (the
 * deciders round them), so sums come out the same in any order.
 */
export interface AttributionTally {
  readonly result: CampaignAttribution;
  /** Null while the campaign's launch has not been projected: every figure stays zero. */
  readonly range: AttributionRange | null;
}

export function campaignAttribution(
  campaign: CampaignDoc,
  customers: Iterable<CustomerAnalytics>,
  options: AttributionOptions,
): CampaignAttribution {
  const tally = startAttribution(campaign, options);
  if (tally.range) for (const customer of customers) tallyCustomer(tally, customer);
  return finishAttribution(tally);
}

export function startAttribution(campaign: CampaignDoc, options: AttributionOptions): AttributionTally {
  const lookbackDays = options.lookbackDays ?? 30;
  const result: CampaignAttribution = {
    campaignId: campaign.campaignId,
    name: campaign.name,
    channel: campaign.channel,
    window: campaign.startsAt && campaign.endsAt ? { startsAt: campaign.startsAt, endsAt: campaign.endsAt } : null,
    asOf: options.asOf,
    lookbackDays,
    budget: campaign.budget,
    currency: campaign.currency,
    contactsByChannel: zeroByChannel(() => ({ inbound: 0, outbound: 0 })),
    touchesByChannel: zeroByChannel(() => 0),
    contactsAfterTouch: zeroByChannel(() => 0),
    directPurchases: { count: 0, revenue: 0 },
    firstTouch: { purchases: 0, revenue: 0 },
    lastTouch: { purchases: 0, revenue: 0 },
    customersTouched: 0,
    customersConverted: 0,
    conversionRate: null,
    costPerAcquisition: null,
    roi: { direct: null, firstTouch: null, lastTouch: null },
  };
  if (!result.window) return { result, range: null };
  const asOfMs = toMs(options.asOf);
  const lookback = lookbackDays * DAY_MS;
  const endMs = toMs(result.window.endsAt);
  const range: AttributionRange = {
    start: toMs(result.window.startsAt),
    touchEnd: Math.min(endMs, asOfMs),
    creditEnd: Math.min(endMs + lookback, asOfMs),
    lookback,
  };
  return { result, range };
}

/** The figures with ratios, as a copy the tally's later changes cannot reach; `asOf` restates the date asked for. */
export function finishAttribution(tally: AttributionTally, asOf: Instant = tally.result.asOf): CampaignAttribution {
  return withRatios({ ...structuredClone(tally.result), asOf });
}

/** Adds (sign 1) or takes back (sign −1) one customer's part of the figures. */
export function tallyCustomer(tally: AttributionTally, customer: CustomerAnalytics, sign: 1 | -1 = 1): void {
  const { result, range } = tally;
  if (!range) return;
  const { campaignId } = result;
  const { touches, purchases, contacts } = customer;
  const own: TouchEntry[] = touches.filter(
    ([at, id]) => id === campaignId && at >= range.start && at <= range.touchEnd,
  );
  for (const [, , channelIdx, via] of own) {
    const channel = channelAt(channelIdx);
    if (via === 'touch') result.touchesByChannel[channel] += sign;
    else result.contactsByChannel[channel][via] += sign;
  }
  if (own.length > 0) result.customersTouched += sign;

  let converted = false;
  const end = countUpTo(purchases, range.creditEnd);
  for (let i = firstIndexFrom(purchases, range.start); i < end; i++) {
    const [at, amount, , , purchaseCampaignId] = purchases[i];
    if (purchaseCampaignId === campaignId && at <= range.touchEnd) {
      result.directPurchases = {
        count: result.directPurchases.count + sign,
        revenue: roundMoney(result.directPurchases.revenue + sign * amount),
      };
    }
    const from = firstIndexFrom(touches, at - range.lookback);
    const to = countUpTo(touches, at);
    if (from === to) continue;
    if (touches[from][1] === campaignId) credit(result.firstTouch, amount, sign);
    if (touches[to - 1][1] === campaignId) credit(result.lastTouch, amount, sign);
    if (!converted && countUpTo(own, at) > firstIndexFrom(own, at - range.lookback)) converted = true;
  }
  if (converted) result.customersConverted += sign;

  const contactsEnd = countUpTo(contacts, range.creditEnd);
  for (let i = firstIndexFrom(contacts, range.start); i < contactsEnd; i++) {
    const [at, channelIdx, direction] = contacts[i];
    if (direction !== 'inbound') continue;
    const before = firstIndexFrom(touches, at);
    if (before > firstIndexFrom(touches, at - range.lookback) && touches[before - 1][1] === campaignId) {
      result.contactsAfterTouch[channelAt(channelIdx)] += sign;
    }
  }
}

function credit(target: AttributedPurchases, amount: Money, sign: 1 | -1): void {
  target.purchases += sign;
  target.revenue = roundMoney(target.revenue + sign * amount);
}

function withRatios(result: CampaignAttribution): CampaignAttribution {
  const { budget, customersTouched, customersConverted } = result;
  const roi = (revenue: Money): number | null => (budget ? round4((revenue - budget) / budget) : null);
  return {
    ...result,
    conversionRate: customersTouched > 0 ? round4(customersConverted / customersTouched) : null,
    costPerAcquisition: budget !== null && customersConverted > 0 ? roundMoney(budget / customersConverted) : null,
    roi: {
      direct: roi(result.directPurchases.revenue),
      firstTouch: roi(result.firstTouch.revenue),
      lastTouch: roi(result.lastTouch.revenue),
    },
  };
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
