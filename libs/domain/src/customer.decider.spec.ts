import type { CustomerCommand } from './commands';
import { BusinessRuleViolation, CustomerAlreadyRegistered, UnknownCustomer, ValidationFailed } from './errors';
import { CUSTOMER_ID, command, consentGiven, consentWithdrawn, registered } from './test-support/customer-fixtures';
import { TEST_NOW, givenCustomer as given, testContext } from './test-support/given-when-then';

const at = { occurredAt: TEST_NOW };

describe('customer registration', () => {
  const register = command('RegisterCustomer', { kind: 'person', name: 'Ada Lovelace', email: 'ada@example.org' });

  it('registers a new customer at the decision time when no occurredAt is given', () =>
    given([])
      .when(register)
      .then([
        {
          type: 'CustomerRegistered',
          data: { customerId: CUSTOMER_ID, kind: 'person', name: 'Ada Lovelace', email: 'ada@example.org', ...at },
        },
      ]));

  it('refuses to register the same customer twice', () =>
    given([registered()])
      .when(register)
      .thenThrows(CustomerAlreadyRegistered, { code: 'CUSTOMER_ALREADY_REGISTERED' }));

  it('drops fields the caller left undefined instead of storing them as undefined', () => {
    const [event] = given([])
      .when(command('RegisterCustomer', { kind: 'organisation', name: 'Acme', phone: undefined }))
      .events();
    expect(Object.keys(event.data).sort()).toEqual(['customerId', 'kind', 'name', 'occurredAt']);
  });
});

describe('an unregistered customer', () => {
  const commands: CustomerCommand[] = [
    command('UpdateCustomerProfile', { changes: { city: 'Paris' } }),
    command('GiveConsent', { channel: 'email', purpose: 'marketing' }),
    command('WithdrawConsent', { channel: 'email', purpose: 'marketing' }),
    command('AssignAccountManager', { accountManagerId: 'am-1' }),
    command('FlagKeyAccount', { keyAccount: true }),
    command('RecordContact', { contactId: 'ct-1', channel: 'phone', direction: 'inbound', reason: 'question' }),
    command('RecordPurchase', { orderId: 'o-1', lines: [], currency: 'EUR', channel: 'web', offerIdPrefix: 'x' }),
    command('RecordReturn', { orderId: 'o-1', returnId: 'r-1', amount: 1 }),
    command('RequestInformation', { requestId: 'ir-1', topic: 'warranty', channel: 'web' }),
    command('OpenComplaint', { caseId: 'k', category: 'c', severity: 'low', channel: 'web', description: 'd' }),
    command('EscalateComplaint', { caseId: 'k', reason: 'r' }),
    command('AssignComplaint', { caseId: 'k', assigneeId: 'agent-1' }),
    command('ResolveComplaint', { caseId: 'k', resolution: 'r' }),
    command('GiveFeedback', { feedbackId: 'f', kind: 'csat', score: 5, channel: 'web' }),
    command('DeliverCampaignTouch', { campaignId: 'cmp', touchId: 't', channel: 'email' }),
  ];

  it('covers every customer command but registration', () => expect(commands).toHaveLength(15));

  it.each(commands.map((c) => [c.type, c] as const))('cannot be the subject of %s', (_type, cmd) =>
    given([]).when(cmd).thenThrows(UnknownCustomer, { code: 'UNKNOWN_CUSTOMER', field: 'customerId' }),
  );
});

describe('business time', () => {
  const contact = (occurredAt?: string) =>
    command('RecordContact', { contactId: 'ct-1', channel: 'web', direction: 'inbound', reason: 'visit', occurredAt });

  it('accepts a backfilled past occurredAt and stores it in canonical form', () =>
    given([registered()])
      .when(contact('2025-06-01T10:00:00+02:00'))
      .then([
        {
          type: 'ContactRecorded',
          data: {
            customerId: CUSTOMER_ID,
            contactId: 'ct-1',
            channel: 'web',
            direction: 'inbound',
            reason: 'visit',
            occurredAt: '2025-06-01T08:00:00.000Z',
          },
        },
      ]));

  it('tolerates five minutes of clock skew', () => {
    const [event] = given([registered()]).when(contact('2026-03-01T12:05:00.000Z')).events();
    expect(event.data.occurredAt).toBe('2026-03-01T12:05:00.000Z');
  });

  it('refuses an occurredAt further in the future', () =>
    given([registered()])
      .when(contact('2026-03-01T12:05:00.001Z'))
      .thenThrows(ValidationFailed, { field: 'occurredAt' }));

  it('refuses an occurredAt that is not an ISO instant', () =>
    given([registered()]).when(contact('March 1st')).thenThrows(ValidationFailed, { field: 'occurredAt' }));

  it('applies to registration as well', () =>
    given([])
      .when(command('RegisterCustomer', { kind: 'person', name: 'Bo', occurredAt: '2027-01-01T00:00:00Z' }))
      .thenThrows(ValidationFailed, { field: 'occurredAt' }));
});

describe('birth date sanity (issue 15)', () => {
  // TEST_NOW is 2026-03-01T12:00Z: in UTC+14 it is already 2 March.
  const register = (birthDate: string) => command('RegisterCustomer', { kind: 'person', name: 'Bo', birthDate });

  it.each(['1900-01-01', '1985-07-14', '2026-03-02'])('accepts %s', (birthDate) => {
    const [event] = given([]).when(register(birthDate)).events();
    expect(event.data).toMatchObject({ birthDate });
  });

  it.each(['2026-03-03', '2099-01-01'])('refuses %s, in the future wherever the customer lives', (birthDate) =>
    given([]).when(register(birthDate)).thenThrows(ValidationFailed, { field: 'birthDate' }),
  );

  it('refuses a birth date before 1900', () =>
    given([]).when(register('1899-12-31')).thenThrows(ValidationFailed, { field: 'birthDate' }));

  it('holds for a profile update too, where a cleared birth date is fine', () => {
    given([registered()])
      .when(command('UpdateCustomerProfile', { changes: { birthDate: '2030-01-01' } }))
      .thenThrows(ValidationFailed, { field: 'birthDate' });
    const [event] = given([registered({ birthDate: '1980-01-01' })])
      .when(command('UpdateCustomerProfile', { changes: { birthDate: null as unknown as string } }))
      .events();
    expect(event.data).toMatchObject({ changes: { birthDate: null } });
  });
});

describe('profile', () => {
  it('records only the fields that change', () =>
    given([registered()])
      .when(command('UpdateCustomerProfile', { changes: { city: 'Paris', email: 'ada@example.org' } }))
      .then([
        { type: 'CustomerProfileUpdated', data: { customerId: CUSTOMER_ID, changes: { city: 'Paris' }, ...at } },
      ]));

  it('records nothing when nothing changes', () =>
    given([registered()])
      .when(command('UpdateCustomerProfile', { changes: { city: 'London' } }))
      .then([]));

  it('sees earlier updates', () =>
    given([
      registered(),
      { type: 'CustomerProfileUpdated', data: { customerId: CUSTOMER_ID, changes: { city: 'Paris' }, ...at } },
    ])
      .when(command('UpdateCustomerProfile', { changes: { city: 'Paris' } }))
      .then([]));
});

describe('consent', () => {
  const give = command('GiveConsent', { channel: 'email', purpose: 'marketing' });
  const withdraw = command('WithdrawConsent', { channel: 'email', purpose: 'marketing' });

  it('records consent given', () =>
    given([registered()])
      .when(give)
      .then([consentGiven(at)]));
  it('is a no-op when consent is already given', () => given([registered(), consentGiven()]).when(give).then([]));
  it('records a withdrawal', () =>
    given([registered(), consentGiven()])
      .when(withdraw)
      .then([consentWithdrawn(at)]));
  it('records an explicit opt-out even without earlier consent', () =>
    given([registered()])
      .when(withdraw)
      .then([consentWithdrawn(at)]));
  it('is a no-op when consent is already withdrawn', () =>
    given([registered(), consentGiven(), consentWithdrawn()]).when(withdraw).then([]));
  it('keeps channels and purposes apart', () =>
    given([registered(), consentGiven()])
      .when(command('GiveConsent', { channel: 'email', purpose: 'research' }))
      .then([consentGiven({ purpose: 'research', ...at })]));
});

describe('account management', () => {
  it('assigns an account manager, once', () => {
    given([registered()])
      .when(command('AssignAccountManager', { accountManagerId: 'am-1' }))
      .then([{ type: 'AccountManagerAssigned', data: { customerId: CUSTOMER_ID, accountManagerId: 'am-1', ...at } }]);
    given([
      registered(),
      { type: 'AccountManagerAssigned', data: { customerId: CUSTOMER_ID, accountManagerId: 'am-1', ...at } },
    ])
      .when(command('AssignAccountManager', { accountManagerId: 'am-1' }))
      .then([]);
  });

  it('flags a key account only when the flag changes', () => {
    const flagged = {
      type: 'KeyAccountFlagged' as const,
      data: { customerId: CUSTOMER_ID, keyAccount: true, reason: 'volume', ...at },
    };
    given([registered()])
      .when(command('FlagKeyAccount', { keyAccount: true, reason: 'volume' }))
      .then([flagged]);
    given([registered(), flagged])
      .when(command('FlagKeyAccount', { keyAccount: true }))
      .then([]);
    given([registered()])
      .when(command('FlagKeyAccount', { keyAccount: false }))
      .then([]);
  });
});

describe('contacts and campaign touches', () => {
  const marketingCall = command('RecordContact', {
    contactId: 'ct-1',
    channel: 'email',
    direction: 'outbound',
    reason: 'spring offer',
    campaignId: 'cmp-1',
  });
  const touch = command('DeliverCampaignTouch', { campaignId: 'cmp-1', touchId: 't-1', channel: 'email' });

  it('records an outbound campaign contact when marketing consent was not withdrawn', () =>
    given([registered(), consentGiven()])
      .when(marketingCall)
      .then([{ type: 'ContactRecorded', data: { ...marketingCall.data, ...at } }]));

  it('refuses an outbound campaign contact on a channel whose marketing consent was withdrawn', () =>
    given([registered(), consentGiven(), consentWithdrawn()])
      .when(marketingCall)
      .thenThrows(BusinessRuleViolation, { code: 'CONSENT_WITHDRAWN', field: 'channel' }));

  it('still records service contacts and inbound replies on that channel', () => {
    const history = [registered(), consentWithdrawn()];
    expect(
      given(history)
        .when(command('RecordContact', { ...marketingCall.data, campaignId: undefined }))
        .events(),
    ).toHaveLength(1);
    expect(
      given(history)
        .when(command('RecordContact', { ...marketingCall.data, direction: 'inbound' }))
        .events(),
    ).toHaveLength(1);
  });

  it('delivers a campaign touch', () =>
    given([registered()])
      .when(touch)
      .then([
        {
          type: 'CampaignTouchDelivered',
          data: { customerId: CUSTOMER_ID, campaignId: 'cmp-1', touchId: 't-1', channel: 'email', ...at },
        },
      ]));

  it('refuses a touch on a channel whose marketing consent was withdrawn', () =>
    given([registered(), consentWithdrawn()])
      .when(touch)
      .thenThrows(BusinessRuleViolation, { code: 'CONSENT_WITHDRAWN', field: 'channel' }));

  it('delivers on another channel whose consent stands', () =>
    expect(
      given([registered(), consentWithdrawn({ channel: 'sms' })])
        .when(touch)
        .events(),
    ).toHaveLength(1));
});

describe('feedback and information requests', () => {
  const feedback = (kind: 'csat' | 'nps', score: number) =>
    command('GiveFeedback', { feedbackId: 'f-1', kind, score, channel: 'web', product: 'ESP-100' });

  it.each([1, 5])('accepts CSAT %d', (score) =>
    given([registered()])
      .when(feedback('csat', score))
      .then([{ type: 'FeedbackGiven', data: { ...feedback('csat', score).data, ...at } }]),
  );
  it.each([0, 6, 4.5])('refuses CSAT %d', (score) =>
    given([registered()]).when(feedback('csat', score)).thenThrows(ValidationFailed, { field: 'score' }),
  );
  it.each([0, 10])('accepts NPS %d', (score) =>
    expect(given([registered()]).when(feedback('nps', score)).events()).toHaveLength(1),
  );
  it.each([-1, 11, 7.5])('refuses NPS %d', (score) =>
    given([registered()]).when(feedback('nps', score)).thenThrows(ValidationFailed, { field: 'score' }),
  );
  it.each(['BANK CHARGES', 'چای-سبز', 'BOX/2'])('names a product as purchase lines name it: %s', (product) =>
    expect(
      given([registered()])
        .when(command('GiveFeedback', { ...feedback('csat', 4).data, product }))
        .events()[0].data,
    ).toMatchObject({ product }),
  );
  it.each(['x'.repeat(65), ' ', 'a\u0000b'])('refuses a product no purchase line could name: %j', (product) =>
    given([registered()])
      .when(command('GiveFeedback', { ...feedback('csat', 4).data, product }))
      .thenThrows(ValidationFailed, { field: 'product' }),
  );

  it('records an information request', () =>
    given([registered()])
      .when(command('RequestInformation', { requestId: 'ir-1', topic: 'warranty', channel: 'chat', answer: '2 years' }))
      .then([
        {
          type: 'InformationRequested',
          data: {
            customerId: CUSTOMER_ID,
            requestId: 'ir-1',
            topic: 'warranty',
            channel: 'chat',
            answer: '2 years',
            ...at,
          },
        },
      ]));
});

it('uses the context clock, not the machine clock', () => {
  const [event] = given([registered()])
    .when(command('GiveConsent', { channel: 'sms', purpose: 'service' }), testContext('2030-01-01T00:00:00.000Z'))
    .events();
  expect(event.data.occurredAt).toBe('2030-01-01T00:00:00.000Z');
});

describe('instants that do not exist', () => {
  it.each(['2026-02-30T10:00:00Z', '2025-02-29T10:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T10:60:00Z'])(
    'refuses %s rather than rolling it over',
    (occurredAt) =>
      given([registered()])
        .when(command('GiveConsent', { channel: 'sms', purpose: 'service', occurredAt }))
        .thenThrows(ValidationFailed, { field: 'occurredAt' }),
  );

  it('accepts 29 February in a leap year', () =>
    expect(
      given([registered()])
        .when(command('GiveConsent', { channel: 'sms', purpose: 'service', occurredAt: '2024-02-29T10:00:00Z' }))
        .events(),
    ).toHaveLength(1));
});
