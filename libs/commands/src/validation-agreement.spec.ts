// The fast validity plan (libs/http) may only ever say "valid" where class-validator finds no
// error, for every body the API accepts; and it must say so for well-formed bodies, or it saves
// nothing. Checked on valid bodies of every command and on many mutations of each.
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { VALIDATOR_OPTIONS, certainlyValid } from '@ledger/http';
import { BatchDto } from './batch.dto';
import { COMMANDS, type CommandName } from './command-catalogue';

const line = { sku: 'TEA-42', quantity: 2, unitPrice: 12.5, category: 'tea' };
const VALID: Record<CommandName, Record<string, unknown>> = {
  RegisterCustomer: {
    customerId: 'c-1',
    kind: 'person',
    name: 'Ada',
    email: 'ada@example.com',
    birthDate: '1985-04-12',
    country: 'GB',
  },
  UpdateCustomerProfile: { city: 'Paris', phone: '+33 1 23 45 67', occurredAt: '2026-11-23T09:30:00Z' },
  ChangeConsent: { channel: 'email', purpose: 'marketing', status: 'given' },
  AssignAccountManager: { accountManagerId: 'am-7' },
  FlagKeyAccount: { keyAccount: true, reason: 'big spender' },
  RecordContact: {
    channel: 'phone',
    direction: 'inbound',
    reason: 'order status',
    durationSeconds: 120,
    outcome: 'resolved',
  },
  RecordPurchase: {
    lines: [line, { sku: 'CUP-1', quantity: 1, unitPrice: 3 }],
    currency: 'EUR',
    channel: 'web',
    amount: 28,
  },
  RecordReturn: { orderId: 'order-1', amount: 12.5, skus: ['TEA-42'], reason: 'broken' },
  RequestInformation: { topic: 'delivery times', channel: 'chat', answer: 'two days' },
  OpenComplaint: { category: 'delivery', severity: 'medium', channel: 'email', description: 'Parcel late' },
  EscalateComplaint: { reason: 'called twice', escalatedTo: 'lead-3' },
  AssignComplaint: { assigneeId: 'agent-12', note: 'call after 5pm' },
  ResolveComplaint: { resolution: 'refunded', resolvedBy: 'agent-12' },
  GiveFeedback: { kind: 'nps', score: 9, channel: 'web', comment: 'great' },
  DeliverCampaignTouch: { campaignId: 'spring-sale', channel: 'email', occurredAt: '2026-11-23T09:30:00+01:00' },
  MergeCustomers: { mergedCustomerId: 'c-2' },
  UnmergeCustomers: { mergedCustomerId: 'c-2', occurredAt: '2026-03-01T00:00:00Z' },
  LaunchCampaign: {
    name: 'Spring',
    channel: 'email',
    startsAt: '2026-03-01T00:00:00Z',
    endsAt: '2026-04-01T00:00:00Z',
    budget: 25000,
    currency: 'EUR',
  },
};

const ODD_VALUES: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.005,
  1e12,
  Number.NaN,
  '',
  'x'.repeat(5000),
  'not an id!',
  true,
  [],
  [1],
  {},
  { a: 1 },
  '2026-02-30',
  '2026-11-23T09:30:00',
  'ESP-100',
  'EUR',
  'eur',
  '1985-04-12',
  [line],
  [{ ...line, quantity: 0 }],
  [null],
  [[line]],
  ['TEA-42', 'bad sku!'],
];

function mutations(body: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [{ ...body, unexpected: 1 }];
  for (const key of Object.keys(body)) {
    const { [key]: _removed, ...without } = body;
    out.push(without);
    for (const odd of ODD_VALUES) out.push({ ...body, [key]: odd });
  }
  return out;
}

async function classValidatorAccepts(dto: new () => object, body: unknown): Promise<boolean> {
  return (await validate(plainToInstance(dto, body) as object, VALIDATOR_OPTIONS)).length === 0;
}

describe('fast validity plan agrees with class-validator', () => {
  it.each(Object.keys(COMMANDS) as CommandName[])('%s: says valid for a well-formed body', async (name) => {
    const dto = COMMANDS[name].dto as new () => object;
    expect(await classValidatorAccepts(dto, VALID[name])).toBe(true);
    expect(certainlyValid(plainToInstance(dto, VALID[name]))).toBe(true);
  });

  it.each(Object.keys(COMMANDS) as CommandName[])(
    '%s: never says valid where class-validator refuses',
    async (name) => {
      const dto = COMMANDS[name].dto as new () => object;
      let refused = 0;
      for (const body of mutations(VALID[name])) {
        const instance = plainToInstance(dto, body);
        const accepted = await classValidatorAccepts(dto, body);
        if (!accepted) refused++;
        if (certainlyValid(instance)) expect({ body, accepted }).toEqual({ body, accepted: true });
      }
      expect(refused).toBeGreaterThan(0);
    },
  );

  it('covers the nested batch body the same way', async () => {
    const valid = { commands: [{ command: 'RecordContact', customerId: 'c-1', body: VALID.RecordContact }] };
    expect(certainlyValid(plainToInstance(BatchDto, valid))).toBe(true);
    for (const commands of [
      [],
      [{}],
      [{ command: 'Nope', body: {} }],
      [{ command: 'RecordContact', body: 'x' }],
      'x',
      [null],
    ]) {
      const body = { commands };
      if (certainlyValid(plainToInstance(BatchDto, body)))
        expect(await classValidatorAccepts(BatchDto, body)).toBe(true);
      else expect(await classValidatorAccepts(BatchDto, body)).toBe(false);
    }
  });
});
