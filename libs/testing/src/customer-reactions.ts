// What a simulated customer does between purchases (interactionCommand) and how the world follows
// up on what happened (reactionsTo): returns and surveys after purchases, assignments,
// escalations and resolutions after complaints (some late, some never), replies to campaigns,
// offers taken up.
import {
  consentOf,
  roundMoney,
  type CustomerCommand,
  type CustomerEvent,
  type EventOfType,
  type Instant,
} from '@ledger/domain';
import { AGENTS, COMPLAINT_CATEGORIES, INBOUND_CHANNELS, INFO_TOPICS, PLACES, RETURN_REASONS } from './catalogue';
import { SEVERITY_MIX, contactCommand, feedbackScore, ownedProduct } from './customer-commands';
import type { CustomerSimulation } from './customer-simulation';
import { DAY_MS } from './personas';

const HOUR_MS = 3_600_000;
const ESCALATION_CHANCE = { low: 0.1, medium: 0.2, high: 0.4, critical: 0.6 } as const;
const RESOLUTIONS = [
  'replacement sent',
  'refund issued',
  'explained and apologised',
  'repair scheduled',
  'voucher given',
];
const MARKETING_CHANNELS = ['email', 'sms', 'phone', 'social'] as const;

export function interactionCommand(sim: CustomerSimulation, occurredAt: Instant): CustomerCommand {
  const { rng, customerId } = sim;
  const kind = rng.weighted([
    ['inbound', 30],
    ['outbound', 14],
    ['info', 16],
    ['complaint', 5 * (1.6 - sim.satisfaction)],
    ['nps', 5],
    ['profile', 3],
    ['consent', 3],
  ] as const);
  switch (kind) {
    case 'inbound':
    case 'outbound':
      return contactCommand(sim, occurredAt, { direction: kind });
    case 'info':
      return {
        type: 'RequestInformation',
        data: {
          customerId,
          requestId: sim.nextId('ir'),
          topic: rng.pick(INFO_TOPICS),
          channel: rng.weighted(INBOUND_CHANNELS),
          answer: rng.chance(0.7) ? `see knowledge base article KB-${rng.int(100, 180)}` : undefined,
          occurredAt,
        },
      };
    case 'complaint': {
      const category = rng.weighted(COMPLAINT_CATEGORIES);
      const channel = rng.weighted(INBOUND_CHANNELS);
      return {
        type: 'OpenComplaint',
        data: {
          customerId,
          caseId: sim.nextId('case'),
          category,
          severity: rng.weighted(SEVERITY_MIX),
          channel,
          description: `${category} problem reported via ${channel}`,
          product: ownedProduct(sim),
          occurredAt,
        },
      };
    }
    case 'nps':
      return feedback(sim, 'nps', occurredAt, undefined);
    case 'profile': {
      const place = rng.pick(PLACES);
      const changes = rng.chance(0.5)
        ? { city: place.city, country: place.country }
        : { phone: `+${rng.int(30, 49)} ${rng.int(100, 999)} ${rng.int(100000, 9999999)}` };
      return { type: 'UpdateCustomerProfile', data: { customerId, changes, occurredAt } };
    }
    case 'consent': {
      const channel = rng.pick(MARKETING_CHANNELS);
      const type = consentOf(sim.state, channel, 'marketing') === 'given' ? 'WithdrawConsent' : 'GiveConsent';
      return { type, data: { customerId, channel, purpose: 'marketing', occurredAt } };
    }
  }
}

function feedback(
  sim: CustomerSimulation,
  kind: 'csat' | 'nps',
  occurredAt: Instant,
  product?: string,
  mood?: number,
): CustomerCommand {
  const score = feedbackScore(sim, kind, mood);
  const comment = sim.rng.chance(0.3)
    ? score >= (kind === 'csat' ? 4 : 8)
      ? 'great service'
      : 'could be better'
    : undefined;
  return {
    type: 'GiveFeedback',
    data: {
      customerId: sim.customerId,
      feedbackId: sim.nextId('fb'),
      kind,
      score,
      comment,
      product,
      channel: sim.rng.pick(['email', 'web'] as const),
      occurredAt,
    },
  };
}

export function reactionsTo(sim: CustomerSimulation, event: CustomerEvent, at: number): void {
  switch (event.type) {
    case 'PurchaseRecorded':
      return afterPurchase(sim, event, at);
    case 'OfferMade': {
      const until = Date.parse(event.data.validUntil);
      if (sim.rng.chance(0.25 + 0.3 * sim.satisfaction))
        sim.planPurchase(sim.rng.between(at + HOUR_MS, until - HOUR_MS), { sku: event.data.sku });
      if (sim.rng.chance(0.3)) {
        sim.schedule(at + sim.rng.between(1, 5) * DAY_MS, (t) =>
          contactCommand(sim, t, { direction: 'outbound', reason: 'cross-sell offer' }),
        );
      }
      return;
    }
    case 'ComplaintOpened':
      return afterComplaint(sim, event, at);
    case 'ComplaintResolved': {
      const complaint = sim.state.complaints.get(event.data.caseId);
      const inTime = complaint !== undefined && event.data.occurredAt <= complaint.slaDueAt;
      const mood = Math.min(1, Math.max(0, sim.satisfaction + (inTime ? 0.2 : -0.35)));
      if (sim.rng.chance(0.4))
        sim.schedule(at + sim.rng.between(0.5, 3) * DAY_MS, (t) => feedback(sim, 'csat', t, undefined, mood));
      return;
    }
    case 'CampaignTouchDelivered':
      return afterTouch(sim, event, at);
    default:
      return;
  }
}

function afterPurchase(sim: CustomerSimulation, event: EventOfType<'PurchaseRecorded'>, at: number): void {
  const { rng, customerId } = sim;
  const { orderId, lines, amount } = event.data;
  if (rng.chance(0.04 + 0.1 * (1 - sim.satisfaction))) {
    sim.schedule(at + rng.between(2, 30) * DAY_MS, (occurredAt) => {
      const full = rng.chance(0.35);
      const line = rng.pick(lines);
      const returned = full ? amount : roundMoney(rng.int(1, line.quantity) * line.unitPrice);
      const skus = full ? lines.map((l) => l.sku) : [line.sku];
      const reason = rng.pick(RETURN_REASONS);
      return {
        type: 'RecordReturn',
        data: { customerId, orderId, returnId: sim.nextId('r'), amount: returned, skus, reason, occurredAt },
      };
    });
  }
  if (rng.chance(0.2)) sim.schedule(at + rng.between(2, 10) * DAY_MS, (t) => feedback(sim, 'csat', t, lines[0].sku));
  if (rng.chance(0.1)) {
    sim.schedule(at + rng.between(1, 5) * DAY_MS, (t) =>
      contactCommand(sim, t, { direction: 'inbound', reason: 'delivery question' }),
    );
  }
}

/** Most complaints close within their SLA, some late, some stay open; serious ones escalate more. */
function afterComplaint(sim: CustomerSimulation, event: EventOfType<'ComplaintOpened'>, at: number): void {
  const { rng, customerId } = sim;
  const { caseId, severity } = event.data;
  const slaMs = Date.parse(event.data.slaDueAt) - at;
  const roll = rng.next();
  const resolveAt =
    roll < 0.72 ? at + slaMs * rng.between(0.05, 0.95) : roll < 0.92 ? at + slaMs * rng.between(1.1, 4) : undefined;
  const horizon = (resolveAt ?? at + 2 * slaMs) - at;
  const escalations = rng.chance(ESCALATION_CHANCE[severity]) ? (rng.chance(0.3) ? 2 : 1) : 0;
  for (let level = 1; level <= escalations; level++) {
    const when = at + (horizon * (level - rng.next() * 0.5)) / (escalations + 1);
    const escalatedTo = level === 1 ? 'team-lead' : 'service-manager';
    sim.schedule(when, (occurredAt) => ({
      type: 'EscalateComplaint',
      data: { customerId, caseId, reason: 'customer chased', escalatedTo, occurredAt },
    }));
  }
  // Routed to a person before anything else happens to the case (seed 003). The assignee comes
  // from the case id, not the rng, so every other generated event stays as it was.
  const pick = [...caseId].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
  if (pick % 4 !== 0) {
    const assigneeId = AGENTS[pick % AGENTS.length];
    sim.schedule(at + Math.min(30 * 60_000, slaMs * 0.04), (occurredAt) => ({
      type: 'AssignComplaint',
      data: { customerId, caseId, assigneeId, occurredAt },
    }));
  }
  if (resolveAt !== undefined) {
    sim.schedule(resolveAt, (occurredAt) => ({
      type: 'ResolveComplaint',
      data: { customerId, caseId, resolution: rng.pick(RESOLUTIONS), resolvedBy: rng.pick(AGENTS), occurredAt },
    }));
  }
}

/** Some touched customers answer the campaign (the attribution analysts look for), some then buy. */
function afterTouch(sim: CustomerSimulation, event: EventOfType<'CampaignTouchDelivered'>, at: number): void {
  const { rng } = sim;
  const campaign = sim.settings.campaigns.find((c) => c.campaignId === event.data.campaignId);
  if (!campaign || !rng.chance(campaign.responseRate * (0.5 + sim.satisfaction))) return;
  const replyAt = at + rng.between(2 * HOUR_MS, 7 * DAY_MS);
  const channel = rng.pick(['phone', 'web', 'chat', event.data.channel] as const);
  sim.schedule(replyAt, (t) =>
    contactCommand(sim, t, {
      direction: 'inbound',
      channel,
      reason: 'campaign response',
      campaignId: campaign.campaignId,
      outcome: 'information_given',
    }),
  );
  if (rng.chance(0.45)) sim.planPurchase(replyAt + rng.between(0, 5) * DAY_MS, { campaignId: campaign.campaignId });
}
