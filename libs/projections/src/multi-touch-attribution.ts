// Multi-touch attribution over the whole purchase history as of a date: every purchase at or
// before `asOf` whose customer was touched by any campaign in the lookback before it is
// "attributed", and its amount (in whole cents) is split over those touches by the chosen
// model; each touch's part goes to its campaign. Pure; reads only entries at or before `asOf`,
// so the figures for a date never change. Formulas: docs/read-models.md.
import type { Instant } from '@ledger/domain';
import type { CampaignDoc } from './campaigns.projection';
import { fromCents, splitCents, toCents } from './credit-split';
import type { CustomerAnalytics } from './customer-analytics.projection';
import { countUpTo, DAY_MS, firstIndexFrom, toMs, type TouchEntry } from './timeline';

export const ATTRIBUTION_MODELS = ['first_touch', 'last_touch', 'linear', 'time_decay', 'position_based'] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

export interface MultiTouchOptions {
  model: AttributionModel;
  asOf: Instant;
  /** How long before a purchase a touch still counts. */
  lookbackDays: number;
  /** time_decay only: a touch this many days before the purchase weighs half as much as one at it. */
  halfLifeDays: number;
}

export interface CampaignCredit {
  /** Cents credited to the campaign's touches, summed over all attributed purchases. */
  creditedCents: number;
  /** Sum of the campaign's share of each purchase (0..1 each): fractional conversions. */
  creditedPurchases: number;
  /** Attributed purchases with at least one of this campaign's touches among their touches. */
  touchedPurchases: number;
}

export interface MultiTouchTally {
  options: MultiTouchOptions;
  purchases: number;
  revenueCents: number;
  attributedPurchases: number;
  attributedCents: number;
  /** Every campaign that got any credit, by id. */
  byCampaign: Map<string, CampaignCredit>;
}

/** Relative weights of the touches before one purchase (oldest first); the split normalises them. */
export function touchWeights(model: AttributionModel, ages: readonly number[], halfLifeMs: number): number[] {
  const n = ages.length;
  switch (model) {
    case 'first_touch':
      return ages.map((_, i) => (i === 0 ? 1 : 0));
    case 'last_touch':
      return ages.map((_, i) => (i === n - 1 ? 1 : 0));
    case 'linear':
      return ages.map(() => 1);
    case 'time_decay':
      // 2^(−age / halfLife), age = purchase time − touch time (≥ 0).
      return ages.map((age) => Math.pow(2, -age / halfLifeMs));
    case 'position_based':
      // 40 / 20 / 40: first and last 40 % each, the middle touches share 20 %; one touch takes
      // everything and two share 50 / 50 (no middle to give the 20 % to).
      if (n <= 2) return ages.map(() => 1);
      return ages.map((_, i) => (i === 0 || i === n - 1 ? 0.4 : 0.2 / (n - 2)));
  }
}

export function startMultiTouch(options: MultiTouchOptions): MultiTouchTally {
  return {
    options,
    purchases: 0,
    revenueCents: 0,
    attributedPurchases: 0,
    attributedCents: 0,
    byCampaign: new Map(),
  };
}

/** Adds one customer's purchases up to asOf to the tally. */
export function tallyMultiTouch(tally: MultiTouchTally, customer: CustomerAnalytics): void {
  const { model, asOf, lookbackDays, halfLifeDays } = tally.options;
  const asOfMs = toMs(asOf);
  const lookback = lookbackDays * DAY_MS;
  const halfLife = halfLifeDays * DAY_MS;
  const { purchases, touches } = customer;
  const end = countUpTo(purchases, asOfMs);
  for (let p = 0; p < end; p++) {
    const [at, amount] = purchases[p];
    const cents = toCents(amount);
    tally.purchases += 1;
    tally.revenueCents += cents;
    const from = firstIndexFrom(touches, at - lookback);
    const to = countUpTo(touches, at);
    if (from === to) continue;
    tally.attributedPurchases += 1;
    tally.attributedCents += cents;
    const window: TouchEntry[] = touches.slice(from, to);
    const weights = touchWeights(
      model,
      window.map(([touchAt]) => at - touchAt),
      halfLife,
    );
    const weightSum = weights.reduce((s, w) => s + w, 0);
    const parts = splitCents(cents, weights);
    const seen = new Set<string>();
    window.forEach(([, campaignId], i) => {
      const credit = creditOf(tally, campaignId);
      credit.creditedCents += parts[i];
      credit.creditedPurchases += weights[i] / weightSum;
      if (!seen.has(campaignId)) {
        seen.add(campaignId);
        credit.touchedPurchases += 1;
      }
    });
  }
}

function creditOf(tally: MultiTouchTally, campaignId: string): CampaignCredit {
  let credit = tally.byCampaign.get(campaignId);
  if (!credit) {
    credit = { creditedCents: 0, creditedPurchases: 0, touchedPurchases: 0 };
    tally.byCampaign.set(campaignId, credit);
  }
  return credit;
}

export function multiTouchTally(customers: Iterable<CustomerAnalytics>, options: MultiTouchOptions): MultiTouchTally {
  const tally = startMultiTouch(options);
  for (const customer of customers)
    if (customer.touches.length > 0 || customer.purchases.length > 0) tallyMultiTouch(tally, customer);
  return tally;
}

export interface CampaignComparisonRow {
  campaignId: string;
  name: string | null;
  channel: string | null;
  window: { startsAt: Instant; endsAt: Instant } | null;
  budget: number | null;
  creditedRevenue: number;
  creditedPurchases: number;
  touchedPurchases: number;
  /** Share of all attributed revenue credited to this campaign. */
  shareOfAttributed: number | null;
  /** (creditedRevenue − budget) / budget. */
  roi: number | null;
}

export interface CampaignComparison {
  model: AttributionModel;
  asOf: Instant;
  lookbackDays: number;
  halfLifeDays: number | null;
  purchases: { count: number; revenue: number };
  attributed: { purchases: number; revenue: number };
  unattributed: { purchases: number; revenue: number };
  campaigns: CampaignComparisonRow[];
  /** Credit that went to campaigns not asked for: rows + this = attributed revenue, to the cent. */
  otherCampaigns: { creditedRevenue: number; creditedPurchases: number };
}

/** The asked campaigns side by side (in the order asked), and what the rest got. */
export function compareCampaigns(tally: MultiTouchTally, campaigns: readonly CampaignDoc[]): CampaignComparison {
  const { options } = tally;
  const asked = new Set(campaigns.map((c) => c.campaignId));
  let otherCents = 0;
  let otherPurchases = 0;
  for (const [id, credit] of tally.byCampaign) {
    if (asked.has(id)) continue;
    otherCents += credit.creditedCents;
    otherPurchases += credit.creditedPurchases;
  }
  const rows = campaigns.map((campaign): CampaignComparisonRow => {
    const credit = tally.byCampaign.get(campaign.campaignId);
    const cents = credit?.creditedCents ?? 0;
    const revenue = fromCents(cents);
    return {
      campaignId: campaign.campaignId,
      name: campaign.name,
      channel: campaign.channel,
      window: campaign.startsAt && campaign.endsAt ? { startsAt: campaign.startsAt, endsAt: campaign.endsAt } : null,
      budget: campaign.budget,
      creditedRevenue: revenue,
      creditedPurchases: round4(credit?.creditedPurchases ?? 0),
      touchedPurchases: credit?.touchedPurchases ?? 0,
      shareOfAttributed: tally.attributedCents > 0 ? round4(cents / tally.attributedCents) : null,
      roi: campaign.budget ? round4((revenue - campaign.budget) / campaign.budget) : null,
    };
  });
  return {
    model: options.model,
    asOf: options.asOf,
    lookbackDays: options.lookbackDays,
    halfLifeDays: options.model === 'time_decay' ? options.halfLifeDays : null,
    purchases: { count: tally.purchases, revenue: fromCents(tally.revenueCents) },
    attributed: { purchases: tally.attributedPurchases, revenue: fromCents(tally.attributedCents) },
    unattributed: {
      purchases: tally.purchases - tally.attributedPurchases,
      revenue: fromCents(tally.revenueCents - tally.attributedCents),
    },
    campaigns: rows,
    otherCampaigns: { creditedRevenue: fromCents(otherCents), creditedPurchases: round4(otherPurchases) },
  };
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
