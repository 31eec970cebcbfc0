// The campaign decider: a campaign is launched once, for a period and a budget. Customer commands
// that name a campaign are checked against its state with assertCampaignReference (by the command
// service, which loads the campaign's stream; the customer decider never reads another stream).
import { epochOf, normalizeInstant, resolveOccurredAt } from './business-time';
import type { CampaignCommand, CustomerCommand } from './commands';
import { invalid } from './decision-helpers';
import { BusinessRuleViolation, CampaignAlreadyLaunched, UnknownCampaign } from './errors';
import type { CampaignEvent } from './events';
import { assertNever } from './exhaustive';
import type { DecisionContext } from './policy';
import { roundMoney, type ContactChannel, type Instant, type Money } from './vocabulary';

export interface LaunchedCampaign {
  readonly launched: true;
  readonly campaignId: string;
  readonly name: string;
  readonly channel: ContactChannel;
  readonly startsAt: Instant;
  readonly endsAt: Instant;
  readonly budget: Money;
  readonly currency: string;
}

export type CampaignState = { readonly launched: false } | LaunchedCampaign;

export const initialCampaignState = (): CampaignState => ({ launched: false });

export function evolveCampaign(state: CampaignState, event: CampaignEvent): CampaignState {
  switch (event.type) {
    case 'CampaignLaunched': {
      const { campaignId, name, channel, startsAt, endsAt, budget, currency } = event.data;
      return { launched: true, campaignId, name, channel, startsAt, endsAt, budget, currency };
    }
  }
  return assertNever(event.type);
}

export function decideCampaign(
  command: CampaignCommand,
  state: CampaignState,
  context: DecisionContext,
): CampaignEvent[] {
  const { campaignId, name, channel, budget, currency } = command.data;
  if (state.launched) throw new CampaignAlreadyLaunched(campaignId);
  const occurredAt = resolveOccurredAt(command.data.occurredAt, context.now);
  // A campaign may be planned ahead: its period is not bound by now, only by itself.
  const startsAt = normalizeInstant(command.data.startsAt, 'startsAt');
  const endsAt = normalizeInstant(command.data.endsAt, 'endsAt');
  if (epochOf(endsAt) <= epochOf(startsAt)) throw invalid('endsAt', 'endsAt must be after startsAt');
  if (!Number.isFinite(budget) || budget < 0) throw invalid('budget', 'budget must not be negative');
  return [
    {
      type: 'CampaignLaunched',
      data: { campaignId, name, channel, startsAt, endsAt, budget: roundMoney(budget), currency, occurredAt },
    },
  ];
}

/**
 * Throws unless the campaign exists and runs at `occurredAt` (period bounds inclusive): a touch
 * cannot be delivered for a campaign that was never launched, nor before it starts or after it ends.
 */
export function assertCampaignAccepts(state: CampaignState, campaignId: string, occurredAt: Instant): void {
  if (!state.launched || state.campaignId !== campaignId) throw new UnknownCampaign(campaignId);
  const at = epochOf(occurredAt);
  if (at < epochOf(state.startsAt) || at > epochOf(state.endsAt)) {
    throw new BusinessRuleViolation(
      'CAMPAIGN_NOT_RUNNING',
      `campaign '${campaignId}' runs from ${state.startsAt} to ${state.endsAt}, not at ${occurredAt}`,
      'occurredAt',
    );
  }
}

/** The campaign a customer command names, if any. */
export function campaignNamedBy(command: CustomerCommand): string | undefined {
  return 'campaignId' in command.data ? command.data.campaignId : undefined;
}

/**
 * A customer command naming `campaignId` (in state `campaign`): a touch needs it running at the
 * touch's time (now if not given); anything else, launched.
 */
export function assertCampaignReference(
  command: CustomerCommand,
  campaignId: string,
  campaign: CampaignState,
  now: Instant,
): void {
  if (command.type === 'DeliverCampaignTouch') {
    assertCampaignAccepts(campaign, campaignId, command.data.occurredAt ?? now);
  } else if (!campaign.launched) {
    throw new UnknownCampaign(campaignId);
  }
}
