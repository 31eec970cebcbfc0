import {
  EVENT_TYPES,
  evolveCampaign,
  evolveCustomer,
  initialCampaignState,
  initialCustomerState,
  isCampaignStream,
  type CampaignState,
  type CrmEvent,
  type CustomerState,
  type EventOfType,
  isCustomerEvent,
} from '@ledger/domain';
import { generateScenario, scenarioEnd, type ScenarioEvent, type ScenarioOptions } from './scenario-generator';

const OPTIONS: ScenarioOptions = { seed: 20240101, customers: 300, start: '2024-01-01T00:00:00.000Z' };
const END = scenarioEnd(OPTIONS);
const scenario = generateScenario(OPTIONS);

const ofType = <T extends CrmEvent['type']>(type: T) =>
  scenario.filter((e) => e.event.type === type).map((e) => e.event as EventOfType<T>);

function byStream(events: ScenarioEvent[]): Map<string, CrmEvent[]> {
  const streams = new Map<string, CrmEvent[]>();
  for (const { streamId, event } of events) {
    const list = streams.get(streamId) ?? [];
    list.push(event);
    streams.set(streamId, list);
  }
  return streams;
}

describe('determinism', () => {
  it('produces identical output for identical options', () => {
    expect(JSON.stringify(generateScenario(OPTIONS))).toBe(JSON.stringify(scenario));
  });

  it('produces a different history for another seed', () => {
    expect(JSON.stringify(generateScenario({ ...OPTIONS, seed: 7 }))).not.toBe(JSON.stringify(scenario));
  });

  it('keeps a customer the same when more customers are added', () => {
    const first = (events: ScenarioEvent[]) => events.filter((e) => e.streamId === 'customer-cust-000001');
    expect(first(generateScenario({ ...OPTIONS, customers: 10 }))).toEqual(first(scenario));
  });
});

describe('validity', () => {
  it('is in global business-time order, within the scenario period', () => {
    const times = scenario.map((e) => e.event.data.occurredAt);
    expect([...times].sort()).toEqual(times);
    expect(times[0] >= OPTIONS.start && times[times.length - 1] <= END).toBe(true);
  });

  it('folds every stream without error, each customer stream starting with its registration', () => {
    for (const [streamId, events] of byStream(scenario)) {
      if (isCampaignStream(streamId)) {
        expect(events.map((e) => e.type)).toEqual(['CampaignLaunched']);
        continue;
      }
      expect(events[0].type).toBe('CustomerRegistered');
      expect(events.filter((e) => e.type === 'CustomerRegistered')).toHaveLength(1);
      let state = initialCustomerState();
      for (const event of events) {
        expect((event.data as { customerId?: string }).customerId).toBe(streamId.slice('customer-'.length));
        state = evolveCustomer(state, event as Parameters<typeof evolveCustomer>[1]);
      }
    }
  });

  it('records a purchase only for a customer registered before it', () => {
    const registered = new Set<string>();
    for (const { event } of scenario) {
      if (event.type === 'CustomerRegistered') registered.add(event.data.customerId);
      if (event.type === 'PurchaseRecorded') expect(registered.has(event.data.customerId)).toBe(true);
    }
  });

  it('respects the business rules as history unfolds', () => {
    const campaigns = new Map<string, CampaignState>();
    const customers = new Map<string, CustomerState>();
    for (const { event } of scenario) {
      if (event.type === 'CampaignLaunched') {
        campaigns.set(event.data.campaignId, evolveCampaign(initialCampaignState(), event));
        continue;
      }
      if (!isCustomerEvent(event)) continue;
      const state = customers.get(event.data.customerId) ?? initialCustomerState();
      checkRules(event, state, campaigns);
      customers.set(event.data.customerId, evolveCustomer(state, event));
    }
  });
});

function checkRules(
  event: Exclude<CrmEvent, { type: 'CampaignLaunched' }>,
  state: CustomerState,
  campaigns: Map<string, CampaignState>,
) {
  const campaignId = 'campaignId' in event.data ? event.data.campaignId : undefined;
  if (campaignId) expect(campaigns.has(campaignId)).toBe(true);
  switch (event.type) {
    case 'CampaignTouchDelivered': {
      const campaign = campaigns.get(event.data.campaignId);
      if (!campaign?.launched) throw new Error(`touch for unknown campaign ${event.data.campaignId}`);
      expect(event.data.occurredAt >= campaign.startsAt && event.data.occurredAt <= campaign.endsAt).toBe(true);
      expect(state.consent.get(`${event.data.channel}/marketing`)).not.toBe('withdrawn');
      break;
    }
    case 'ContactRecorded':
      if (event.data.direction === 'outbound' && event.data.campaignId) {
        expect(state.consent.get(`${event.data.channel}/marketing`)).not.toBe('withdrawn');
      }
      break;
    case 'PurchaseReturned': {
      expect(event.data.orderId).toBeDefined();
      const order = state.orders.get(event.data.orderId ?? '');
      expect(order && order.returnedAmount + event.data.amount <= order.amount + 0.001).toBe(true);
      break;
    }
    case 'ComplaintEscalated':
    case 'ComplaintAssigned':
    case 'ComplaintResolved':
      expect(state.complaints.get(event.data.caseId)?.status).toBe('open');
      break;
    default:
      break;
  }
}

describe('variety', () => {
  it('contains every business event type', () => {
    // Erasure is an administrative act on request, not customer behaviour: scenarios leave it out.
    // Not business events: an erasure, fitted models, merges (which join two customers) and the
    // directory of people (their own streams, appended by admins).
    const administrative = new Set([
      'CustomerErased',
      'CustomerValueModelFitted',
      'CustomersMerged',
      'CustomersUnmerged',
      ...EVENT_TYPES.filter((type) => type.startsWith('User')),
    ]);
    const types = new Set(scenario.map((e) => e.event.type));
    expect(EVENT_TYPES.filter((t) => !types.has(t) && !administrative.has(t))).toEqual([]);
  });

  it('has about the requested number of events per customer', () => {
    const perCustomer = scenario.filter((e) => !isCampaignStream(e.streamId)).length / OPTIONS.customers;
    expect(perCustomer).toBeGreaterThan(20);
    expect(perCustomer).toBeLessThan(40);
  });

  it('has people and organisations, the latter with account managers and key accounts', () => {
    const kinds = new Set(ofType('CustomerRegistered').map((e) => e.data.kind));
    expect(kinds).toEqual(new Set(['person', 'organisation']));
    expect(ofType('AccountManagerAssigned').length).toBeGreaterThan(10);
    expect(ofType('KeyAccountFlagged').some((e) => e.data.keyAccount)).toBe(true);
  });

  it('has contacts on every channel, both directions, some from campaigns', () => {
    const contacts = ofType('ContactRecorded');
    expect(new Set(contacts.map((c) => c.data.channel)).size).toBe(8);
    expect(new Set(contacts.map((c) => c.data.direction))).toEqual(new Set(['inbound', 'outbound']));
    expect(contacts.filter((c) => c.data.campaignId && c.data.direction === 'inbound').length).toBeGreaterThan(5);
    expect(new Set(contacts.map((c) => c.data.agentId).filter(Boolean)).size).toBeGreaterThan(5);
    expect(ofType('PurchaseRecorded').some((p) => p.data.campaignId)).toBe(true);
  });

  it('has complaints resolved in time, resolved late, escalated twice and still open', () => {
    const opened = new Map(ofType('ComplaintOpened').map((c) => [c.data.caseId, c.data]));
    const resolved = ofType('ComplaintResolved');
    const late = resolved.filter((r) => r.data.occurredAt > opened.get(r.data.caseId)!.slaDueAt);
    expect(late.length).toBeGreaterThan(0);
    expect(resolved.length - late.length).toBeGreaterThan(late.length);
    expect(opened.size - resolved.length).toBeGreaterThan(0);
    expect(ofType('ComplaintEscalated').some((e) => e.data.level === 2)).toBe(true);
  });

  it('has both feedback kinds, unhappy and happy scores', () => {
    const feedback = ofType('FeedbackGiven');
    expect(new Set(feedback.map((f) => f.data.kind))).toEqual(new Set(['csat', 'nps']));
    expect(feedback.some((f) => f.data.kind === 'nps' && f.data.score <= 6)).toBe(true);
    expect(feedback.some((f) => f.data.kind === 'nps' && f.data.score >= 9)).toBe(true);
  });

  it('populates every lifecycle stage: never bought, new, active, at risk, lapsed, won back', () => {
    const DAY = 86_400_000;
    const end = Date.parse(END);
    const purchases = new Map<string, number[]>();
    for (const p of ofType('PurchaseRecorded')) {
      purchases.set(p.data.customerId, [...(purchases.get(p.data.customerId) ?? []), Date.parse(p.data.occurredAt)]);
    }
    const registrations = ofType('CustomerRegistered');
    const daysSinceLast = (times: number[]) => (end - times[times.length - 1]) / DAY;
    const hasGap = (times: number[]) => times.some((t, i) => i > 0 && t - times[i - 1] > 180 * DAY);
    const buyers = [...purchases.values()];
    expect(registrations.filter((r) => !purchases.has(r.data.customerId)).length).toBeGreaterThan(10);
    expect(registrations.filter((r) => end - Date.parse(r.data.occurredAt) < 90 * DAY).length).toBeGreaterThan(10);
    expect(buyers.filter((t) => daysSinceLast(t) < 30).length).toBeGreaterThan(30);
    expect(buyers.filter((t) => daysSinceLast(t) >= 90 && daysSinceLast(t) < 180).length).toBeGreaterThan(10);
    expect(buyers.filter((t) => daysSinceLast(t) >= 240).length).toBeGreaterThan(10);
    expect(buyers.filter((t) => hasGap(t) && daysSinceLast(t) < 60).length).toBeGreaterThan(10);
  });

  it('makes cross-sell offers, some taken up', () => {
    const offered = ofType('OfferMade');
    expect(offered.length).toBeGreaterThan(10);
    const bought = new Set(
      ofType('PurchaseRecorded').flatMap((p) => p.data.lines.map((l) => `${p.data.customerId}/${l.sku}`)),
    );
    expect(offered.some((o) => bought.has(`${o.data.customerId}/${o.data.sku}`))).toBe(true);
  });
});

describe('options', () => {
  it('prefixes every id and honours the number of campaigns and months', () => {
    const events = generateScenario({
      seed: 1,
      customers: 20,
      start: '2025-01-01T00:00:00Z',
      months: 6,
      campaigns: 3,
      idPrefix: 'run2-',
    });
    expect(events.filter((e) => e.event.type === 'CampaignLaunched')).toHaveLength(3);
    expect(
      events.every((e) => e.streamId.startsWith('customer-run2-cust-') || e.streamId.startsWith('campaign-run2-cmp-')),
    ).toBe(true);
    expect(events.every((e) => e.event.data.occurredAt <= '2025-07-01T00:00:00.000Z')).toBe(true);
  });

  it('scales with eventsPerCustomer', () => {
    const count = (eventsPerCustomer: number) =>
      generateScenario({ ...OPTIONS, customers: 100, eventsPerCustomer }).filter((e) => !isCampaignStream(e.streamId))
        .length / 100;
    expect(count(10)).toBeLessThan(count(60) / 3);
  });

  it('generates a benchmark-sized log (about 100k events) in one go', () => {
    const events = generateScenario({ seed: 5, customers: 3000, start: '2024-01-01T00:00:00.000Z' });
    expect(events.length).toBeGreaterThan(80_000);
  });
});
