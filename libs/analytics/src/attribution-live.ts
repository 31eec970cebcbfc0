// Campaign attribution kept up to date as analytics documents change: each campaign's customers
// (the documents naming it in `campaignIds`), and the figures of the most recently asked
// (campaign, window, lookback) combinations, adjusted customer by customer on every change
// instead of re-summed over everyone the campaign touched. Equal to campaignAttribution over
// all documents (attribution-live.spec.ts).
import {
  startAttribution,
  finishAttribution,
  tallyCustomer,
  type AttributionOptions,
  type AttributionTally,
  type CampaignAttribution,
  type CampaignDoc,
  type CustomerAnalytics,
} from '@ledger/projections';
import type { DocumentChange } from './segments-live';

const KEEP = 32;

/**
 * What the figures depend on besides the documents: the campaign's launch facts, the lookback,
 * and asOf only through where it cuts the window (a closed campaign's figures are the same for
 * every later asOf, so they are summed once).
 */
function keyOf(campaign: CampaignDoc, tally: AttributionTally): string {
  const { name, channel, startsAt, endsAt, budget, currency } = campaign;
  const { touchEnd, creditEnd } = tally.range ?? { touchEnd: null, creditEnd: null };
  const { campaignId, lookbackDays } = tally.result;
  return JSON.stringify([
    campaignId,
    name,
    channel,
    startsAt,
    endsAt,
    budget,
    currency,
    lookbackDays,
    touchEnd,
    creditEnd,
  ]);
}

export class LiveAttribution {
  private readonly customers = new Map<string, Map<string, CustomerAnalytics>>();
  /** In the order last asked (oldest first), so the first is the one to let go. */
  private readonly tallies = new Map<string, AttributionTally>();

  constructor(
    docs: Iterable<CustomerAnalytics> = [],
    private readonly keep = KEEP,
  ) {
    for (const doc of docs) this.index(null, doc);
  }

  /** Documents changed: each kept tally takes the old version of a customer out and the new one in. */
  apply(changes: readonly DocumentChange[]): void {
    for (const { before, after } of changes) {
      for (const tally of this.tallies.values()) {
        const { campaignId } = tally.result;
        if (before?.campaignIds.includes(campaignId)) tallyCustomer(tally, before, -1);
        if (after.campaignIds.includes(campaignId)) tallyCustomer(tally, after, 1);
      }
      this.index(before, after);
    }
  }

  attribution(campaign: CampaignDoc, options: AttributionOptions): CampaignAttribution {
    return finishAttribution(this.tallyOf(campaign, options), options.asOf);
  }

  /**
   * The figures with some customers' parts replaced, on a copy of the kept tally: `out` taken
   * back, `into` put in (merged customers: each member out, the group's combined document in).
   * Costs what the replaced customers cost, not the campaign's whole audience.
   */
  attributionReplacing(
    campaign: CampaignDoc,
    options: AttributionOptions,
    out: Iterable<CustomerAnalytics>,
    into: Iterable<CustomerAnalytics>,
  ): CampaignAttribution {
    const kept = this.tallyOf(campaign, options);
    if (!kept.range) return finishAttribution(kept, options.asOf);
    const tally: AttributionTally = { result: structuredClone(kept.result), range: kept.range };
    for (const doc of out) tallyCustomer(tally, doc, -1);
    for (const doc of into) tallyCustomer(tally, doc, 1);
    return finishAttribution(tally, options.asOf);
  }

  /** The documents naming the campaign (touched by it, or a purchase named it). */
  customersOf(campaignId: string): Iterable<CustomerAnalytics> {
    return this.customers.get(campaignId)?.values() ?? [];
  }

  /** The kept tally of the campaign for these options, summed over its customers on first ask. */
  private tallyOf(campaign: CampaignDoc, options: AttributionOptions): AttributionTally {
    const fresh = startAttribution(campaign, options);
    if (!fresh.range) return fresh;
    const key = keyOf(campaign, fresh);
    let tally = this.tallies.get(key);
    if (tally) this.tallies.delete(key);
    else {
      tally = fresh;
      for (const doc of this.customers.get(campaign.campaignId)?.values() ?? []) tallyCustomer(tally, doc);
    }
    this.tallies.set(key, tally);
    if (this.tallies.size > this.keep) this.tallies.delete(this.tallies.keys().next().value as string);
    return tally;
  }

  private index(before: CustomerAnalytics | null, after: CustomerAnalytics): void {
    if (before) {
      for (const campaignId of before.campaignIds) {
        if (!after.campaignIds.includes(campaignId)) this.customers.get(campaignId)?.delete(before.id);
      }
    }
    for (const campaignId of after.campaignIds) {
      let customers = this.customers.get(campaignId);
      if (!customers) this.customers.set(campaignId, (customers = new Map()));
      customers.set(after.id, after);
    }
  }
}
