import type { CrmEvent } from '@ledger/domain';
import {
  activeOffers,
  LAST_CONTACTS_KEPT,
  operationalViewProjection,
  withSlaStatus,
  type OperationalView,
} from './operational-view.projection';
import {
  at,
  complaintAssigned,
  complaintEscalated,
  complaintOpened,
  complaintResolved,
  consent,
  contacted,
  feedbackGiven,
  informationRequested,
  launched,
  offerMade,
  purchased,
  registered,
  returned,
  touched,
} from './test-support/customer-events';
import { foldLog, recorded, RecordedLog } from './test-support/recorded';

const view = (events: CrmEvent[], id = 'c1'): OperationalView => {
  const doc = foldLog(operationalViewProjection, recorded(events)).get(id);
  if (!doc) throw new Error(`no view for ${id}`);
  return doc;
};

describe('operational view projection', () => {
  it('starts a view on registration, every counter present and zero', () => {
    const doc = view([registered('c1', at('2026-01-05'), 'Ada')]);
    expect(doc).toEqual({
      id: 'c1',
      customerId: 'c1',
      kind: 'person',
      profile: {
        name: 'Ada',
        email: 'c1@example.com',
        phone: null,
        birthDate: null,
        gender: null,
        city: null,
        country: 'DE',
      },
      registeredAt: at('2026-01-05'),
      consent: {},
      accountManagerId: null,
      keyAccount: false,
      openComplaints: [],
      resolvedComplaintsCount: 0,
      lastContacts: [],
      lastContactAt: null,
      lastContactAtByChannel: {
        phone: null,
        web: null,
        email: null,
        sms: null,
        social: null,
        chat: null,
        in_person: null,
        fax: null,
      },
      totals: {
        purchases: 0,
        spend: 0,
        returns: 0,
        netSpend: 0,
        contactsByChannel: { phone: 0, web: 0, email: 0, sms: 0, social: 0, chat: 0, in_person: 0, fax: 0 },
        informationRequests: 0,
        feedbackCount: 0,
      },
      currency: null,
      lifetimeValue: 0,
      preferredChannel: null,
      pendingOffers: [],
      lastFeedback: null,
      updatedAt: at('2026-01-05'),
      lastPosition: 1,
    });
  });

  it('keys customer events by customer and ignores campaign launches', () => {
    const [launch, touch] = recorded([launched('spring', at('2026-01-01')), touched('c9', at('2026-01-02'))]);
    expect(operationalViewProjection.keysOf(launch)).toEqual([]);
    expect(operationalViewProjection.keysOf(touch)).toEqual(['c9']);
  });

  it('returns null for facts about a customer it has not seen registered', () => {
    const [purchase] = recorded([purchased('c1', at('2026-01-05'), 10)]);
    expect(operationalViewProjection.apply(null, purchase, 'c1')).toBeNull();
  });

  it('updates profile fields that changed, and records consent per channel:purpose in vocabulary order', () => {
    const doc = view([
      registered('c1', at('2026-01-05')),
      {
        type: 'CustomerProfileUpdated',
        data: { customerId: 'c1', changes: { city: 'Bonn' }, occurredAt: at('2026-01-06') },
      },
      consent('c1', at('2026-01-07'), 'sms', 'marketing'),
      consent('c1', at('2026-01-08'), 'email', 'service'),
      consent('c1', at('2026-01-09'), 'sms', 'marketing', false),
      {
        type: 'AccountManagerAssigned',
        data: { customerId: 'c1', accountManagerId: 'am-7', occurredAt: at('2026-01-09') },
      },
      { type: 'KeyAccountFlagged', data: { customerId: 'c1', keyAccount: true, occurredAt: at('2026-01-09') } },
    ]);
    expect(doc.profile).toMatchObject({ city: 'Bonn', email: 'c1@example.com', country: 'DE' });
    expect(Object.keys(doc.consent)).toEqual(['email:service', 'sms:marketing']);
    expect(doc.consent['sms:marketing']).toEqual({ status: 'withdrawn', at: at('2026-01-09') });
    expect(doc.consent['email:service']).toEqual({ status: 'given', at: at('2026-01-08') });
    expect(doc).toMatchObject({ accountManagerId: 'am-7', keyAccount: true });
  });

  it('keeps the 20 newest contacts by business time, counting every contact', () => {
    const contacts = Array.from({ length: 24 }, (_, i) =>
      contacted('c1', at(`2026-02-${String(i + 1).padStart(2, '0')}`), i % 2 === 0 ? 'phone' : 'email', `k${i + 1}`),
    );
    const backfilledOld = contacted('c1', at('2025-12-01'), 'web', 'old');
    const backfilledNew = contacted('c1', at('2026-02-20', '18:00'), 'chat', 'late-import');
    const doc = view([registered('c1', at('2026-01-01')), ...contacts, backfilledOld, backfilledNew]);
    expect(doc.lastContacts).toHaveLength(LAST_CONTACTS_KEPT);
    expect(doc.lastContacts.slice(0, 6).map((c) => c.contactId)).toEqual([
      'k24',
      'k23',
      'k22',
      'k21',
      'late-import',
      'k20',
    ]);
    expect(doc.lastContacts.map((c) => c.contactId)).not.toContain('old');
    expect(doc.lastContacts[LAST_CONTACTS_KEPT - 1].contactId).toBe('k6');
    expect(doc.lastContactAt).toBe(at('2026-02-24'));
    expect(doc.totals.contactsByChannel).toMatchObject({ phone: 12, email: 12, web: 1, chat: 1 });
    expect(doc.lastContacts[0]).toEqual({
      contactId: 'k24',
      channel: 'email',
      direction: 'inbound',
      reason: 'question',
      agentId: null,
      campaignId: null,
      outcome: null,
      durationSeconds: null,
      occurredAt: at('2026-02-24'),
    });
  });

  it('orders contacts at the same business time by recording order, newest first', () => {
    const same = at('2026-02-01');
    const doc = view([
      registered('c1', at('2026-01-01')),
      contacted('c1', same, 'phone', 'a'),
      contacted('c1', same, 'web', 'b'),
    ]);
    expect(doc.lastContacts.map((c) => c.contactId)).toEqual(['b', 'a']);
  });

  it('prefers the channel with most contacts, a tie going to the one used most recently', () => {
    const base = [registered('c1', at('2026-01-01')), contacted('c1', at('2026-01-02'), 'email')];
    expect(view(base).preferredChannel).toBe('email');
    const tied = [...base, contacted('c1', at('2026-01-10'), 'phone')];
    expect(view(tied).preferredChannel).toBe('phone');
    // Counts decide first: a backfilled email makes email lead, however old it is.
    expect(view([...tied, contacted('c1', at('2025-12-01'), 'email')]).preferredChannel).toBe('email');
    // A three-way tie goes to the phone call, the latest in business time (the web contact was only recorded last).
    const backfilledTie = [
      ...base,
      contacted('c1', at('2026-01-10'), 'phone'),
      contacted('c1', at('2025-12-01'), 'web'),
    ];
    expect(view(backfilledTie).preferredChannel).toBe('phone');
  });

  it('totals purchases, returns and information requests; lifetime value is net spend in the first currency', () => {
    const doc = view([
      registered('c1', at('2026-01-01')),
      purchased('c1', at('2026-01-02'), 100.1, { currency: 'EUR' }),
      purchased('c1', at('2026-01-03'), 50.2, { currency: 'USD' }),
      returned('c1', at('2026-01-04'), 20.05),
      informationRequested('c1', at('2026-01-05')),
    ]);
    expect(doc.totals).toMatchObject({
      purchases: 2,
      spend: 150.3,
      returns: 20.05,
      netSpend: 130.25,
      informationRequests: 1,
    });
    expect(doc.lifetimeValue).toBe(130.25);
    expect(doc.currency).toBe('EUR');
  });

  it('keeps open complaints with their escalation level and removes them when resolved', () => {
    const doc = view([
      registered('c1', at('2026-01-01')),
      complaintOpened('c1', 'case-2', at('2026-01-03'), at('2026-01-06')),
      complaintOpened('c1', 'case-1', at('2026-01-02'), at('2026-01-05'), 'high'),
      complaintEscalated('c1', 'case-2', at('2026-01-04'), 1),
      complaintOpened('c1', 'case-3', at('2026-01-04'), at('2026-01-07')),
      complaintResolved('c1', 'case-3', at('2026-01-05')),
    ]);
    expect(doc.openComplaints.map((c) => [c.caseId, c.escalationLevel])).toEqual([
      ['case-1', 0],
      ['case-2', 1],
    ]);
    expect(doc.openComplaints[0]).toEqual({
      caseId: 'case-1',
      category: 'delivery',
      severity: 'high',
      channel: 'phone',
      product: null,
      description: 'late',
      openedAt: at('2026-01-02'),
      slaDueAt: at('2026-01-05'),
      escalationLevel: 0,
      assigneeId: null,
    });
    expect(doc.resolvedComplaintsCount).toBe(1);
  });

  it('shows who each open complaint is assigned to, the latest assignment winning', () => {
    const doc = view([
      registered('c1', at('2026-01-01')),
      complaintOpened('c1', 'case-1', at('2026-01-02'), at('2026-01-05')),
      complaintOpened('c1', 'case-2', at('2026-01-03'), at('2026-01-06')),
      complaintAssigned('c1', 'case-1', at('2026-01-03'), 'agent-7'),
      complaintAssigned('c1', 'case-1', at('2026-01-04'), 'lead-3'),
    ]);
    expect(doc.openComplaints.map((c) => [c.caseId, c.assigneeId])).toEqual([
      ['case-1', 'lead-3'],
      ['case-2', null],
    ]);
  });

  it('keeps the latest feedback by business time while counting backfilled answers', () => {
    const doc = view([
      registered('c1', at('2026-01-01')),
      feedbackGiven('c1', at('2026-03-01'), 'nps', 9),
      feedbackGiven('c1', at('2026-02-01'), 'csat', 2),
    ]);
    expect(doc.lastFeedback).toEqual({ kind: 'nps', score: 9, at: at('2026-03-01') });
    expect(doc.totals.feedbackCount).toBe(2);
  });

  it('clears a pending offer when a purchase contains its sku; a new offer for a sku replaces the old', () => {
    const base = [
      registered('c1', at('2026-01-01')),
      offerMade('c1', at('2026-01-02'), 'o1', 'GRD-10', at('2026-02-01')),
      offerMade('c1', at('2026-01-03'), 'o2', 'BEAN-1KG', at('2026-01-17')),
    ];
    expect(view(base).pendingOffers.map((o) => o.offerId)).toEqual(['o1', 'o2']);
    const bought = view([...base, purchased('c1', at('2026-01-10'), 80, { skus: ['CUP-1', 'GRD-10'] })]);
    expect(bought.pendingOffers).toEqual([
      {
        offerId: 'o2',
        sku: 'BEAN-1KG',
        description: 'Offer of BEAN-1KG',
        validUntil: at('2026-01-17'),
        madeAt: at('2026-01-03'),
      },
    ]);
    const replaced = view([...base, offerMade('c1', at('2026-01-04'), 'o3', 'GRD-10', at('2026-03-01'))]);
    expect(replaced.pendingOffers.map((o) => o.offerId)).toEqual(['o2', 'o3']);
  });

  it('lists only offers still valid at now (validUntil included)', () => {
    const doc = view([
      registered('c1', at('2026-01-01')),
      offerMade('c1', at('2026-01-02'), 'o1', 'GRD-10', at('2026-02-01')),
      offerMade('c1', at('2026-01-03'), 'o2', 'BEAN-1KG', at('2026-01-17')),
    ]);
    expect(activeOffers(doc, at('2026-01-17')).map((o) => o.offerId)).toEqual(['o1', 'o2']);
    expect(activeOffers(doc, '2026-01-17T12:00:00.001Z').map((o) => o.offerId)).toEqual(['o1']);
    expect(activeOffers(doc, at('2026-02-02'))).toEqual([]);
  });

  it('reads SLA clocks at now: due soon within the window, breached once past due', () => {
    const due = '2026-01-10T12:00:00.000Z';
    const doc = view([registered('c1', at('2026-01-01')), complaintOpened('c1', 'case-1', at('2026-01-09'), due)]);
    const status = (now: string, dueSoonHours?: number) => withSlaStatus(doc, now, dueSoonHours).openComplaints[0];
    expect(status('2026-01-10T07:59:59.999Z')).toMatchObject({ slaStatus: 'on_time', hoursToDue: 4 });
    expect(status('2026-01-10T08:00:00.000Z')).toMatchObject({ slaStatus: 'due_soon', hoursToDue: 4 });
    expect(status(due)).toMatchObject({ slaStatus: 'due_soon', hoursToDue: 0 });
    expect(status('2026-01-10T12:00:00.001Z')).toMatchObject({ slaStatus: 'breached' });
    expect(status('2026-01-10T15:00:00.000Z')).toMatchObject({ slaStatus: 'breached', hoursToDue: -3 });
    expect(status('2026-01-09T12:00:00.000Z', 24)).toMatchObject({ slaStatus: 'due_soon', hoursToDue: 24 });
    expect(doc.openComplaints[0]).not.toHaveProperty('slaStatus');
  });

  it('stamps record time and position of the last event, including events that change no field', () => {
    const log = new RecordedLog();
    log.record(registered('c1', at('2026-01-01')), { recordedAt: '2026-01-01T12:00:01.000Z' });
    log.record(touched('c1', at('2025-06-01')), { recordedAt: '2026-01-02T09:00:00.000Z' });
    const doc = foldLog(operationalViewProjection, log.events).get('c1');
    expect(doc).toMatchObject({ updatedAt: '2026-01-02T09:00:00.000Z', lastPosition: 2 });
  });

  it('is deterministic: folding the same log twice gives the same bytes', () => {
    const log = recorded([
      registered('c1', at('2026-01-01')),
      consent('c1', at('2026-01-02'), 'web', 'research'),
      consent('c1', at('2026-01-02'), 'email', 'marketing'),
      ...Array.from({ length: 30 }, (_, i) =>
        contacted('c1', at(`2026-01-${String((i % 28) + 1).padStart(2, '0')}`), 'sms'),
      ),
      purchased('c1', at('2026-01-03'), 10),
      complaintOpened('c1', 'case-1', at('2026-01-04'), at('2026-01-05')),
      offerMade('c1', at('2026-01-02'), 'o1', 'GRD-10', at('2026-02-01')),
      feedbackGiven('c1', at('2026-01-09'), 'csat', 4),
    ]);
    const first = JSON.stringify(foldLog(operationalViewProjection, log).get('c1'));
    const second = JSON.stringify(foldLog(operationalViewProjection, log).get('c1'));
    expect(second).toBe(first);
  });
});
