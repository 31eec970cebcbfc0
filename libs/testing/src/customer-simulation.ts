// Lives one customer's life: plans actions along their persona's timeline, runs each through the
// customer decider at its business time, folds the events, and plans reactions to what happened
// (returns after purchases, escalations after complaints, replies to campaign touches…).
// A command the domain refuses is simply not recorded, so every generated history is valid.
import {
  DomainError,
  assertCampaignAccepts,
  customerStream,
  decideCustomer,
  evolveCustomer,
  initialCustomerState,
  toInstant,
  type CrmEvent,
  type CrmPolicy,
  type CustomerCommand,
  type CustomerEvent,
  type CustomerKind,
  type CustomerState,
  type Instant,
} from '@ledger/domain';
import { ActionQueue } from './action-queue';
import type { PlannedCampaign } from './campaign-plan';
import { ACCOUNT_MANAGERS, PLACES } from './catalogue';
import { contactCommand, purchaseCommand, registerCommand, type SimulatedCustomer } from './customer-commands';
import { interactionCommand, reactionsTo } from './customer-reactions';
import { DAY_MS, MONTH_MS, buysAt, planLife, type Horizon, type LifePlan } from './personas';
import type { Random } from './random';

export interface TimedEvent {
  at: number;
  streamId: string;
  event: CrmEvent;
}

export interface SimulationSettings extends Horizon {
  policy: CrmPolicy;
  idPrefix: string;
  campaigns: readonly PlannedCampaign[];
}

type Build = (occurredAt: Instant) => CustomerCommand | undefined;

const MARKETING_CHANNELS = ['email', 'sms', 'phone', 'social'] as const;

export class CustomerSimulation implements SimulatedCustomer {
  readonly customerId: string;
  readonly kind: CustomerKind;
  readonly place: (typeof PLACES)[number];
  readonly plan: LifePlan;
  state: CustomerState = initialCustomerState();
  private readonly streamId: string;
  private readonly queue = new ActionQueue<Build>();
  private readonly events: TimedEvent[] = [];
  private readonly counters = new Map<string, number>();

  constructor(
    readonly rng: Random,
    readonly index: number,
    readonly settings: SimulationSettings,
  ) {
    this.customerId = `${settings.idPrefix}cust-${String(index + 1).padStart(6, '0')}`;
    this.streamId = customerStream(this.customerId);
    this.kind = rng.chance(0.15) ? 'organisation' : 'person';
    this.place = rng.pick(PLACES);
    this.plan = planLife(rng, settings, this.kind === 'organisation');
  }

  get satisfaction(): number {
    return this.plan.satisfaction;
  }

  nextId(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return `${this.customerId}-${kind}${n}`;
  }

  /** Plans an action; anything after the scenario's end simply never happens. */
  schedule(at: number, build: Build): void {
    if (at > this.settings.endMs) return;
    this.queue.push(Math.floor(at / 1000) * 1000, build);
  }

  run(): TimedEvent[] {
    const { registeredAt } = this.plan;
    this.schedule(registeredAt, (t) => registerCommand(this, t));
    this.planConsent(registeredAt);
    if (this.kind === 'organisation') this.planAccountManagement(registeredAt);
    for (const t of this.plan.purchaseTimes) this.schedule(t, (occurredAt) => purchaseCommand(this, occurredAt));
    this.planInteractions();
    for (const campaign of this.settings.campaigns) this.planTouch(campaign);
    for (let action = this.queue.pop(); action; action = this.queue.pop()) this.execute(action.at, action.run);
    return this.events;
  }

  private execute(at: number, build: Build): void {
    const occurredAt = toInstant(at);
    let decided: CustomerEvent[];
    try {
      const command = build(occurredAt);
      if (!command) return;
      decided = decideCustomer(command, this.state, { now: occurredAt, policy: this.settings.policy });
    } catch (error) {
      // Refused (consent withdrawn, case already closed, campaign over…): life goes on without it.
      if (error instanceof DomainError) return;
      throw error;
    }
    for (const event of decided) {
      this.state = evolveCustomer(this.state, event);
      this.events.push({ at, streamId: this.streamId, event });
    }
    for (const event of decided) reactionsTo(this, event, at);
  }

  private planConsent(registeredAt: number): void {
    const { rng } = this;
    const give = (
      channel: (typeof MARKETING_CHANNELS)[number] | 'web',
      purpose: 'marketing' | 'service' | 'research',
      p: number,
    ) => {
      if (!rng.chance(p)) return;
      this.schedule(registeredAt + rng.between(1, 15) * 60_000, (occurredAt) => ({
        type: 'GiveConsent',
        data: { customerId: this.customerId, channel, purpose, occurredAt },
      }));
    };
    give('email', 'service', 0.9);
    give('phone', 'service', 0.7);
    give('email', 'marketing', 0.6);
    give('sms', 'marketing', 0.3);
    give('phone', 'marketing', 0.25);
    give('social', 'marketing', 0.3);
    give('web', 'marketing', 0.4);
    give('email', 'research', 0.25);
    // Some opt out later (and a few change their mind again): campaigns must then pass them by.
    for (const channel of MARKETING_CHANNELS) {
      if (!rng.chance(0.12)) continue;
      const at = rng.between(registeredAt + DAY_MS, this.settings.endMs);
      this.schedule(at, (occurredAt) => ({
        type: 'WithdrawConsent',
        data: { customerId: this.customerId, channel, purpose: 'marketing', occurredAt },
      }));
      if (rng.chance(0.25)) {
        this.schedule(at + rng.between(1, 6) * MONTH_MS, (occurredAt) => ({
          type: 'GiveConsent',
          data: { customerId: this.customerId, channel, purpose: 'marketing', occurredAt },
        }));
      }
    }
  }

  private planAccountManagement(registeredAt: number): void {
    const { rng, customerId } = this;
    const assign = (at: number) =>
      this.schedule(at, (occurredAt) => ({
        type: 'AssignAccountManager',
        data: { customerId, accountManagerId: rng.pick(ACCOUNT_MANAGERS), occurredAt },
      }));
    assign(registeredAt + rng.between(1, 5) * DAY_MS);
    if (rng.chance(0.2)) assign(rng.between(registeredAt + MONTH_MS, this.settings.endMs));
    if (!rng.chance(0.45)) return;
    const flaggedAt = registeredAt + rng.between(7, 90) * DAY_MS;
    this.schedule(flaggedAt, (occurredAt) => ({
      type: 'FlagKeyAccount',
      data: { customerId, keyAccount: true, reason: 'annual volume', occurredAt },
    }));
    if (rng.chance(0.15)) {
      this.schedule(flaggedAt + rng.between(3, 12) * MONTH_MS, (occurredAt) => ({
        type: 'FlagKeyAccount',
        data: { customerId, keyAccount: false, reason: 'volume dropped', occurredAt },
      }));
    }
  }

  /** Contacts, requests, complaints, surveys: a Poisson process over the customer's engaged period. */
  private planInteractions(): void {
    const { registeredAt, engagedUntil, interactionRate } = this.plan;
    if (interactionRate <= 0) return;
    const gap = MONTH_MS / interactionRate;
    for (let t = registeredAt + DAY_MS + this.rng.exponential(gap); t < engagedUntil; t += this.rng.exponential(gap)) {
      this.schedule(t, (occurredAt) => interactionCommand(this, occurredAt));
    }
  }

  /** A touch for a share of the customers registered before the campaign ends; phone campaigns also call. */
  private planTouch(campaign: PlannedCampaign): void {
    const { rng } = this;
    const from = Math.max(campaign.startsAt, this.plan.registeredAt + DAY_MS);
    if (from >= campaign.endsAt || !rng.chance(campaign.reach)) return;
    const at = rng.between(from, campaign.endsAt);
    const { campaignId, channel } = campaign;
    this.schedule(at, (occurredAt) => {
      assertCampaignAccepts(campaign.state, campaignId, occurredAt);
      return {
        type: 'DeliverCampaignTouch',
        data: {
          customerId: this.customerId,
          campaignId,
          touchId: `${campaignId}-${this.customerId}`,
          channel,
          occurredAt,
        },
      };
    });
    if (channel === 'phone') {
      this.schedule(at + 1000, (occurredAt) =>
        contactCommand(this, occurredAt, {
          direction: 'outbound',
          channel: 'phone',
          reason: 'campaign call',
          campaignId,
        }),
      );
    }
  }

  /** Campaign replies and offer take-ups: only while the customer is in a buying period. */
  planPurchase(at: number, options: { sku?: string; campaignId?: string }): void {
    if (buysAt(this.plan, at)) {
      this.schedule(at, (occurredAt) => purchaseCommand(this, occurredAt, options));
    }
  }
}

export function simulateCustomer(rng: Random, index: number, settings: SimulationSettings): TimedEvent[] {
  return new CustomerSimulation(rng, index, settings).run();
}
