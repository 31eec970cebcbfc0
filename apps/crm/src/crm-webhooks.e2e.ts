// End to end for segment and lifecycle events: a customer's purchase moves them into a segment
// and a stage, the evaluation appends derived events to their own store (the event log's head
// does not move, the customer's stream does not change), and a local receiver that fails once
// gets the retry with the same delivery id and a valid signature. A dead receiver's deliveries
// end in the dead-letter list.
import { verifySignature } from '@ledger/derived-events';
import { WebhookReceiver } from '@ledger/derived-events/test-support';
import { CrmUnderTest } from './test-support/crm-under-test';
import { HistoryWriter } from './test-support/history-writer';

jest.setTimeout(60_000);

describe('crm: segment events and webhooks', () => {
  let crm: CrmUnderTest;
  let receiver: WebhookReceiver;
  const secret = 'a-secret-of-sixteen-or-more';

  const history = new HistoryWriter(() => crm);
  const { post } = history;
  /** Evaluates once the analytics read model has every write so far. */
  const evaluate = async () => {
    expect((await crm.get(`/segments?minPosition=${history.lastPosition}`, 'analyst')).status).toBe(200);
    const reply = await crm.request('POST', '/admin/segment-events/evaluate');
    expect(reply.status).toBe(200);
    return reply.body;
  };

  beforeAll(async () => {
    receiver = await WebhookReceiver.start([500, 200]);
    crm = await CrmUnderTest.start({
      env: {
        CRM_SEGMENT_EVENTS_INTERVAL_MS: '3600000',
        CRM_WEBHOOK_POLL_MS: '20',
        CRM_WEBHOOK_BACKOFF_MS: '50',
        CRM_WEBHOOK_MAX_ATTEMPTS: '3',
      },
    });
  });
  afterAll(async () => {
    await crm?.stop();
    await receiver?.stop();
  });

  it('delivers entered events, retrying a refused one with the same delivery id and a valid signature', async () => {
    const created = await crm.post(
      '/admin/webhooks',
      { url: receiver.url, eventTypes: ['CustomerEnteredSegment', 'CustomerEnteredLifecycleStage'], secret },
      'admin',
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: receiver.url, secret });
    const headBefore = await crm.head();

    await post('/customers', { customerId: 'ann', kind: 'person', name: 'Ann' });
    await post('/customers/ann/purchases', {
      lines: [{ sku: 'BEAN-1KG', quantity: 1, unitPrice: 30 }],
      currency: 'EUR',
      channel: 'web',
    });
    const logHead = await crm.head();
    expect(logHead).toBe(headBefore + 2);
    const evaluation = await evaluate();
    expect(evaluation.appended).toBe(2);
    expect(await crm.head()).toBe(logHead); // derived events are not in the event log

    const received = await receiver.waitFor(3);
    expect(received.map((r) => r.status)).toEqual([500, 200, 200]);
    const [refused] = received;
    const retry = received
      .slice(1)
      .find((r) => r.headers['ledger-delivery-id'] === refused.headers['ledger-delivery-id']);
    expect(retry).toBeDefined();
    expect(retry?.body).toBe(refused.body);
    const now = Math.floor(Date.now() / 1000);
    expect(verifySignature(secret, retry?.headers['ledger-signature'] ?? '', retry?.body ?? '', now)).toBe(true);
    const bodies = received.slice(1).map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.type).sort()).toEqual(['CustomerEnteredLifecycleStage', 'CustomerEnteredSegment']);
    expect(bodies.find((b) => b.type === 'CustomerEnteredLifecycleStage')).toMatchObject({
      stream: 'segment-membership-ann',
      data: { customerId: 'ann', stage: 'new' },
    });

    // The customer's own stream holds only the customer's facts.
    const history = await crm.get('/audit/customers/ann/events', 'auditor');
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).not.toContain('Entered');
    const derived = await crm.get('/admin/derived-events');
    expect(derived.body.head).toBe(2);
    expect(derived.body.derivedEvents.map((e: { stream: string }) => e.stream)).toEqual([
      'segment-membership-ann',
      'segment-membership-ann',
    ]);
    // Evaluating again with nothing changed appends nothing.
    expect((await evaluate()).appended).toBe(0);
  });

  it('dead-letters the deliveries a receiver never accepts, visible to admins', async () => {
    const dead = await WebhookReceiver.start([503, 503, 503, 200]);
    const created = await crm.post(
      '/admin/webhooks',
      { url: dead.url, eventTypes: ['CustomerEnteredSegment'] },
      'admin',
    );
    expect(created.status).toBe(201);
    expect(created.body.secret.length).toBeGreaterThanOrEqual(32);
    await post('/customers', { customerId: 'bob', kind: 'person', name: 'Bob' });
    expect((await evaluate()).appended).toBe(2);
    await dead.waitFor(3);
    let letters: { deliveryId: string; url: string; attempts: number; type: string; lastError: string }[] = [];
    for (let i = 0; i < 100 && letters.length === 0; i++) {
      letters = (await crm.get('/admin/webhooks/dead-letters')).body.deadLetters;
      if (letters.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(letters).toEqual([
      expect.objectContaining({ url: dead.url, attempts: 3, type: 'CustomerEnteredSegment', lastError: 'HTTP 503' }),
    ]);
    expect((await crm.get('/admin/webhooks/dead-letters', 'analyst')).status).toBe(403);
    // Redelivered once the receiver is fixed (it accepts from the fourth request on): the same delivery id.
    const { deliveryId } = letters[0];
    const again = await crm.request('POST', `/admin/webhooks/dead-letters/${deliveryId}/redeliver`);
    expect(again.status).toBe(202);
    const [firstTry, , , redelivered] = await dead.waitFor(4);
    expect(redelivered.headers['ledger-delivery-id']).toBe(firstTry.headers['ledger-delivery-id']);
    expect(redelivered.headers['ledger-delivery-id']).toBe(deliveryId);
    expect(redelivered.status).toBe(200);
    for (let i = 0; i < 100 && (await crm.get('/admin/webhooks')).body.deliveries.dead > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await crm.get('/admin/webhooks/dead-letters')).body.deadLetters).toEqual([]);
    expect((await crm.request('POST', `/admin/webhooks/dead-letters/${deliveryId}/redeliver`)).status).toBe(404);
    const listed = await crm.get('/admin/webhooks');
    expect(listed.body.subscriptions).toHaveLength(2);
    expect(JSON.stringify(listed.body)).not.toContain('secret');
    expect(listed.body.deliveries).toMatchObject({ dead: 0, pending: 0 });
    expect((await crm.request('DELETE', `/admin/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await crm.request('DELETE', `/admin/webhooks/${created.body.id}`)).status).toBe(404);
    await dead.stop();
  });

  it.each([
    [{ url: 'ftp://example.com/x', eventTypes: ['CustomerEnteredSegment'] }, 'url'],
    [{ url: 'http://127.0.0.1:9/x', eventTypes: ['CustomerRegistered'] }, 'eventTypes'],
    [{ url: 'http://127.0.0.1:9/x', eventTypes: [] }, 'eventTypes'],
    [{ url: 'http://127.0.0.1:9/x', eventTypes: ['CustomerLeftSegment'], secret: 'short' }, 'secret'],
    [{ url: 'http://127.0.0.1:9/x', eventTypes: ['CustomerLeftSegment'], extra: 1 }, 'extra'],
  ])('refuses subscription %j naming %s, writing nothing', async (body, field) => {
    const before = (await crm.get('/admin/webhooks')).body.subscriptions.length;
    const head = await crm.head();
    const reply = await crm.post('/admin/webhooks', body, 'admin');
    expect(reply.status).toBe(400);
    const fields = [reply.body.field, ...(reply.body.problems ?? []).map((p: { field: string }) => p.field)];
    expect(fields).toContain(field);
    expect((await crm.get('/admin/webhooks')).body.subscriptions).toHaveLength(before);
    expect(await crm.head()).toBe(head);
  });

  it('describes the webhook endpoints in OpenAPI', async () => {
    const { paths } = (await crm.get('/docs/openapi.json', null)).body;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/admin/webhooks',
        '/admin/webhooks/{id}',
        '/admin/webhooks/dead-letters',
        '/admin/derived-events',
        '/admin/segment-events/evaluate',
      ]),
    );
  });
});
