// Campaigns of a scenario: launched through the campaign decider a few days before they start,
// each with a reach (share of customers touched) and a response rate.
import {
  DEFAULT_POLICY,
  campaignStream,
  decideCampaign,
  evolveCampaign,
  initialCampaignState,
  toInstant,
  type CampaignEvent,
  type CampaignState,
  type ContactChannel,
  type LaunchCampaign,
} from '@ledger/domain';
import { CAMPAIGN_CHANNELS, CAMPAIGN_NAMES } from './catalogue';
import { DAY_MS } from './personas';
import type { Random } from './random';

export interface PlannedCampaign {
  campaignId: string;
  channel: ContactChannel;
  startsAt: number;
  endsAt: number;
  /** Share of the customers registered in time who receive a touch. */
  reach: number;
  /** Chance a touched customer answers (before their own satisfaction is factored in). */
  responseRate: number;
  state: CampaignState;
  launchedAt: number;
  streamId: string;
  events: CampaignEvent[];
}

export function planCampaigns(
  rng: Random,
  count: number,
  startMs: number,
  endMs: number,
  idPrefix: string,
): PlannedCampaign[] {
  const span = endMs - startMs;
  const campaigns: PlannedCampaign[] = [];
  for (let j = 0; j < count; j++) {
    const duration = Math.min(rng.between(14, 60) * DAY_MS, span * 0.8);
    const startsAt = Math.floor(startMs + rng.between(0.05, 1) * (span - duration));
    const endsAt = Math.floor(startsAt + duration);
    const launchedAt = Math.max(startMs, Math.floor(startsAt - rng.between(3, 14) * DAY_MS));
    const campaignId = `${idPrefix}cmp-${String(j + 1).padStart(3, '0')}`;
    const channel = rng.weighted(CAMPAIGN_CHANNELS);
    const command: LaunchCampaign = {
      type: 'LaunchCampaign',
      data: {
        campaignId,
        name: `${CAMPAIGN_NAMES[j % CAMPAIGN_NAMES.length]} ${new Date(startsAt).getUTCFullYear()}`,
        channel,
        startsAt: toInstant(startsAt),
        endsAt: toInstant(endsAt),
        budget: Math.round(rng.between(20, 800)) * 100,
        currency: 'EUR',
        occurredAt: toInstant(launchedAt),
      },
    };
    const now = toInstant(launchedAt);
    const events = decideCampaign(command, initialCampaignState(), { now, policy: DEFAULT_POLICY });
    const state = events.reduce(evolveCampaign, initialCampaignState());
    const reach = rng.between(0.2, 0.6);
    const responseRate = rng.between(0.05, 0.25);
    campaigns.push({
      campaignId,
      channel,
      startsAt,
      endsAt,
      reach,
      responseRate,
      state,
      launchedAt,
      streamId: campaignStream(campaignId),
      events,
    });
  }
  return campaigns;
}
