// Bad input gets a clear 4xx naming the field and the reason, and nothing is written.
import { CrmUnderTest } from './test-support/crm-under-test';

describe('crm: bad input', () => {
  let crm: CrmUnderTest;
  beforeAll(async () => {
    crm = await CrmUnderTest.start({ env: { CRM_BODY_LIMIT: '8kb' } });
    await crm.post('/customers', { customerId: 'ada', kind: 'person', name: 'Ada' });
    await crm.post('/customers/ada/purchases', {
      orderId: 'o-1',
      lines: [{ sku: 'BEAN-1KG', quantity: 2, unitPrice: 12.5 }],
      currency: 'EUR',
      channel: 'web',
    });
  });
  afterAll(() => crm.stop());

  const contact = { channel: 'phone', direction: 'inbound', reason: 'question' };
  const purchase = { lines: [{ sku: 'X-1', quantity: 1, unitPrice: 10 }], currency: 'EUR', channel: 'web' };

  const cases: Array<[string, string, string, unknown, number, string]> = [
    ['unknown customer', 'POST', '/customers/ghost/contacts', contact, 404, 'customerId'],
    [
      'malformed business time',
      'POST',
      '/customers/ada/contacts',
      { ...contact, occurredAt: '23/11/2026' },
      400,
      'occurredAt',
    ],
    [
      'time without zone',
      'POST',
      '/customers/ada/contacts',
      { ...contact, occurredAt: '2026-11-23T10:00:00' },
      400,
      'occurredAt',
    ],
    [
      'impossible birth date',
      'POST',
      '/customers',
      { kind: 'person', name: 'X', birthDate: '2001-02-30' },
      400,
      'birthDate',
    ],
    ['registration without a name', 'POST', '/customers', { kind: 'person', email: 'x@example.com' }, 400, 'name'],
    ['unknown channel', 'POST', '/customers/ada/contacts', { ...contact, channel: 'pigeon' }, 400, 'channel'],
    ['unknown field', 'POST', '/customers/ada/contacts', { ...contact, mood: 'happy' }, 400, 'mood'],
    ['missing field', 'POST', '/customers/ada/contacts', { channel: 'phone', direction: 'inbound' }, 400, 'reason'],
    [
      'negative price',
      'POST',
      '/customers/ada/purchases',
      { ...purchase, lines: [{ sku: 'X-1', quantity: 1, unitPrice: -5 }] },
      400,
      'lines[0].unitPrice',
    ],
    ['negative return', 'POST', '/customers/ada/returns', { orderId: 'o-1', amount: -1 }, 400, 'amount'],
    ['amount not matching lines', 'POST', '/customers/ada/purchases', { ...purchase, amount: 11 }, 400, 'amount'],
    ['empty order', 'POST', '/customers/ada/purchases', { ...purchase, lines: [] }, 400, 'lines'],
    ['return above order', 'POST', '/customers/ada/returns', { orderId: 'o-1', amount: 26 }, 422, 'amount'],
    ['return of unknown order', 'POST', '/customers/ada/returns', { orderId: 'o-404', amount: 1 }, 404, 'orderId'],
    ['CSAT out of range', 'POST', '/customers/ada/feedback', { kind: 'csat', score: 9, channel: 'web' }, 400, 'score'],
    ['unknown complaint', 'POST', '/customers/ada/complaints/case-404/resolve', { resolution: 'x' }, 404, 'caseId'],
    ['malformed customer id', 'POST', '/customers/bad%20id/contacts', contact, 400, 'customerId'],
    ['unknown campaign', 'POST', '/customers/ada/contacts', { ...contact, campaignId: 'nope' }, 404, 'campaignId'],
    [
      'campaign ending before it starts',
      'POST',
      '/campaigns',
      {
        name: 'X',
        channel: 'web',
        startsAt: '2026-02-01T00:00:00Z',
        endsAt: '2026-01-01T00:00:00Z',
        budget: 1,
        currency: 'EUR',
      },
      400,
      'endsAt',
    ],
    ['lower-case currency', 'POST', '/customers/ada/purchases', { ...purchase, currency: 'eur' }, 400, 'currency'],
    ['registering twice', 'POST', '/customers', { customerId: 'ada', kind: 'person', name: 'Ada' }, 409, 'customerId'],
  ];

  it.each(cases)('%s → %s %s is refused with %#', async (_name, method, path, body, status, field) => {
    const head = await crm.head();
    const reply = await crm.request(method, path, { as: 'channel', body });
    expect(reply.status).toBe(status);
    const fields = [reply.body.field, ...(reply.body.problems ?? []).map((p: { field: string }) => p.field)];
    expect(fields).toContain(field);
    expect(typeof reply.body.message).toBe('string');
    expect(await crm.head()).toBe(head);
  });

  it('refuses malformed JSON, non-JSON bodies and oversize bodies without writing', async () => {
    const head = await crm.head();
    const malformed = await crm.request('POST', '/customers/ada/contacts', { as: 'channel', rawBody: '{"channel": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    const text = await crm.request('POST', '/customers/ada/contacts', {
      as: 'channel',
      rawBody: 'channel=phone',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(text.status).toBe(415);
    expect(text.body).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'send the body as application/json',
      field: 'Content-Type',
    });
    const untyped = await fetch(`${crm.url}/customers/ada/contacts`, {
      method: 'POST',
      headers: { 'x-api-key': 'test-channel-key-1' },
      body: new Blob(['{"channel":"phone"}']),
    });
    expect(untyped.status).toBe(415);
    const scalar = await crm.request('POST', '/customers/ada/contacts', { as: 'channel', rawBody: '"phone"' });
    expect(scalar.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON', field: 'body' });
    const huge = await crm.post('/customers/ada/contacts', { ...contact, reason: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({
      statusCode: 413,
      error: 'PAYLOAD_TOO_LARGE',
      code: 'BODY_TOO_LARGE',
      field: 'body',
    });
    expect(await crm.head()).toBe(head);
  });

  it('refuses malformed headers and query parameters', async () => {
    const key = await crm.post('/customers/ada/contacts', contact, 'channel', { 'Idempotency-Key': 'has spaces' });
    expect(key.status).toBe(400);
    expect(key.body.problems[0].field).toBe('Idempotency-Key');
    const ifMatch = await crm.post('/customers/ada/contacts', contact, 'channel', { 'If-Match': 'yesterday' });
    expect(ifMatch.status).toBe(400);
    const asOf = await crm.get('/segments?asOf=last-week', 'analyst');
    expect(asOf.status).toBe(400);
    expect(asOf.body.problems[0].field).toBe('asOf');
  });
});
