// prepareItem with the proven-valid fast path against prepareItem without it (plainToInstance and
// class-validator for every body), for every command's real bodies and many mutations of each:
// the same command and options, or the same problems in the same order, and most valid bodies
// proven without class-validator.
import { isDeepStrictEqual } from 'node:util';
import { plainToInstance } from 'class-transformer';
import { provenValid } from '@ledger/http/proven-valid';
import { prepareItem, type BatchItem, type PreparedItem } from './batch-item-prepare';
import { COMMANDS, COMMAND_NAMES, type CommandName } from './command-catalogue';

const mockFastPath = { enabled: true, proven: 0 };
jest.mock('@ledger/http/proven-valid', () => {
  const actual = jest.requireActual('@ledger/http/proven-valid');
  return {
    provenValid(dto: new () => object, input: unknown) {
      if (!mockFastPath.enabled) return undefined;
      const found = actual.provenValid(dto, input);
      if (found) mockFastPath.proven++;
      return found;
    },
  };
});

const at = '2026-11-23T09:30:00Z';
const line = {
  sku: 'ESP-100',
  quantity: 2,
  unitPrice: 399.5,
  lineTotal: 799,
  description: 'Espresso',
  category: 'kitchen',
};

/** Real bodies of each command: the importer's, the console's, the specs'; full and minimal. */
const VALID = {
  RegisterCustomer: [
    { customerId: 'c-1001', kind: 'person', name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0018' },
    { kind: 'organisation', name: 'Acme Ltd', birthDate: '1985-04-12', gender: 'undisclosed', city: 'London' },
    { customerId: '1001', kind: 'person', name: 'CDNOW 1001', country: 'United Kingdom', occurredAt: at },
    { kind: 'person', name: 'سارا', country: 'IR', occurredAt: '1997-01-01T00:00:00+03:30' },
  ],
  UpdateCustomerProfile: [
    { name: 'Ada King', email: 'ada.king@example.com', occurredAt: at },
    { city: 'Paris', country: 'FR' },
    { phone: '(020) 7946-0018', gender: 'female', birthDate: '2000-02-29' },
  ],
  ChangeConsent: [
    { channel: 'email', purpose: 'marketing', status: 'given', occurredAt: at },
    { channel: 'sms', purpose: 'research', status: 'withdrawn' },
  ],
  AssignAccountManager: [{ accountManagerId: 'am-7', occurredAt: at }, { accountManagerId: 'x' }],
  FlagKeyAccount: [{ keyAccount: true, reason: 'top 1% by revenue', occurredAt: at }, { keyAccount: false }],
  RecordContact: [
    {
      contactId: 'call-889',
      channel: 'phone',
      direction: 'inbound',
      reason: 'billing question',
      agentId: 'agent-12',
      campaignId: 'spring-sale',
      durationSeconds: 240,
      outcome: 'resolved',
      occurredAt: at,
    },
    { channel: 'web', direction: 'outbound', reason: 'x', durationSeconds: 0 },
  ],
  RecordPurchase: [
    { orderId: 'order-5531', lines: [line], currency: 'EUR', channel: 'web', occurredAt: at },
    {
      orderId: '1001:1997-01-01',
      lines: [
        { sku: '85123A', quantity: 6, unitPrice: 2.55, lineTotal: 15.3 },
        { sku: 'BANK CHARGES', quantity: 1, unitPrice: 0.0001 },
      ],
      amount: 15.3001,
      currency: 'GBP',
      channel: 'in_person',
      campaignId: 'xmas',
      occurredAt: '1997-01-01T00:00:00.000Z',
    },
    { lines: [{ sku: 'A', quantity: 1, unitPrice: 0 }], currency: 'USD', channel: 'email' },
  ],
  RecordReturn: [
    { orderId: 'order-5531', amount: 399.5, reason: 'damaged', occurredAt: at },
    {
      externalOrderRef: 'C536379',
      amount: 27.5,
      currency: 'GBP',
      skus: ['85123A', 'BANK CHARGES'],
      reason: 'cancelled',
      occurredAt: at,
    },
    { returnId: 'r-1', amount: 0, currency: 'EUR', skus: [] },
  ],
  RequestInformation: [
    { requestId: 'info-1', topic: 'delivery times', channel: 'chat', answer: 'two days', occurredAt: at },
    { topic: 'opening hours', channel: 'phone' },
  ],
  OpenComplaint: [
    {
      caseId: 'case-77',
      category: 'delivery',
      severity: 'high',
      channel: 'phone',
      description: 'Parcel arrived damaged',
      product: 'ESP-100',
      occurredAt: at,
    },
    { category: 'billing', severity: 'low', channel: 'email', description: 'charged twice' },
  ],
  EscalateComplaint: [{ reason: 'customer called twice', escalatedTo: 'team-lead-3', occurredAt: at }, { reason: 'x' }],
  AssignComplaint: [
    { assigneeId: 'agent-12', note: 'speaks Persian; call after 5pm', occurredAt: at },
    { assigneeId: 'a' },
  ],
  ResolveComplaint: [{ resolution: 'replacement sent', resolvedBy: 'agent-12', occurredAt: at }, { resolution: 'ok' }],
  GiveFeedback: [
    {
      feedbackId: 'fb-1',
      kind: 'nps',
      score: 10,
      comment: 'great',
      product: 'ESP-100',
      channel: 'web',
      occurredAt: at,
    },
    { kind: 'csat', score: 1, channel: 'sms' },
  ],
  DeliverCampaignTouch: [
    { touchId: 't-1', campaignId: 'spring-sale', channel: 'email', occurredAt: at },
    { campaignId: 'c', channel: 'fax' },
  ],
  MergeCustomers: [{ mergedCustomerId: 'cc-7', occurredAt: at }, { mergedCustomerId: 'c-2' }],
  UnmergeCustomers: [{ mergedCustomerId: 'cc-7', occurredAt: at }],
  LaunchCampaign: [
    {
      campaignId: 'spring-sale',
      name: 'Spring sale',
      channel: 'email',
      startsAt: '2026-03-01T00:00:00Z',
      endsAt: '2026-03-31T23:59:59+01:00',
      budget: 25000,
      currency: 'EUR',
      occurredAt: at,
    },
    {
      name: 'x',
      channel: 'social',
      startsAt: '2026-03-01T00:00:00.123Z',
      endsAt: '2026-03-02T00:00:00Z',
      budget: 0,
      currency: 'USD',
    },
  ],
} satisfies Record<CommandName, Record<string, unknown>[]>;

const long = (n: number, c = 'x') => c.repeat(n);
const deep = (levels: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { next: value };
  return value;
};
const sparse = (values: unknown[], length: number): unknown[] => {
  const array: unknown[] = new Array(length);
  values.forEach((v, i) => (array[i * 2] = v));
  return array;
};

/** What a field is set to: wrong types, boundaries and past them, odd text, odd numbers. */
const REPLACEMENTS: unknown[] = [
  null,
  undefined,
  true,
  false,
  0,
  -0,
  -1,
  1,
  1.5,
  10,
  11,
  86400,
  86401,
  1e9,
  1e9 + 1,
  0.1234567,
  399.123456,
  399.1234567,
  1e-7,
  4e-323,
  1e21,
  NaN,
  Infinity,
  -Infinity,
  '',
  ' ',
  '1',
  '12',
  '-1',
  'true',
  'NaN',
  'x',
  'EUR',
  'eur',
  'web',
  'given',
  'person',
  'csat',
  'high',
  'inbound',
  'ESP-100',
  'a b',
  '.x',
  'a\u0000b',
  'line\nbreak',
  '\t',
  'zero\u200Bwidth',
  'ü',
  '😀',
  '\uD800',
  'سلام',
  '<script>alert(1)</script>',
  ' padded ',
  'ada@example.com',
  'not an email',
  '+44 20 7946 0018',
  '1985-04-12',
  '2026-02-30',
  '2026-11-23',
  '2026-11-23T09:30:00',
  '2026-11-23T09:30:00Z',
  '2026-11-23 09:30:00Z',
  '2026-11-23T09:30:00+01:00',
  '2026-11-23T25:30:00Z',
  long(63, 'a'),
  long(64, 'a'),
  long(65, 'a'),
  long(100),
  long(101),
  long(200),
  long(201),
  long(256),
  long(257),
  long(500),
  long(501),
  long(1000),
  long(1001),
  long(2000),
  long(2001),
  long(4000),
  long(4001),
  long(1_000_000),
  [],
  ['x'],
  [1],
  [null],
  sparse(['a', 'b'], 3),
  {},
  { a: 1 },
  deep(200),
  new Date(at),
  new Map(),
  new Set(['x']),
  Object.create(null),
];

type Body = Record<string, unknown>;
type Mutation = { label: string; body: unknown };

/** The body with `path` (a field, or `lines.0.sku`) set to `value`, or removed when value is REMOVE. */
const REMOVE = Symbol('remove');
function withField(body: Body, path: string[], value: unknown): Body {
  const copy: Body | unknown[] = Array.isArray(body) ? [...body] : { ...body };
  const [head, ...rest] = path;
  const record = copy as Record<string, unknown>;
  if (rest.length > 0) record[head] = withField(record[head] as Body, rest, value);
  else if (value === REMOVE) delete record[head];
  else record[head] = value;
  return copy as Body;
}

/** Every path into a body's nested objects: `lines.0.sku`, `lines.1.quantity`. */
function fieldPaths(body: unknown, prefix: string[] = []): string[][] {
  if (typeof body !== 'object' || body === null) return [];
  return Object.entries(body).flatMap(([key, value]) => {
    const path = [...prefix, key];
    const inner = Array.isArray(value) ? value.flatMap((v, i) => fieldPaths(v, [...path, String(i)])) : [];
    return [path, ...inner];
  });
}

function shown(value: unknown): string {
  if (value instanceof Set || value instanceof Map || value instanceof Date) return `a ${value.constructor.name}`;
  if (Array.isArray(value))
    return Object.keys(value).length < value.length ? 'a sparse array' : `${value.length} items`;
  if (typeof value === 'string' && value.length > 40) return `${value.length} characters`;
  if (Object.is(value, -0)) return '-0';
  if (typeof value === 'object' && value !== null)
    return Object.getPrototypeOf(value) ? 'an object' : 'a null-prototype object';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function mutations(body: Body): Mutation[] {
  const found: Mutation[] = [{ label: 'as is', body }];
  for (const path of fieldPaths(body)) {
    const name = path.join('.');
    found.push({ label: `${name} removed`, body: withField(body, path, REMOVE) });
    for (const value of REPLACEMENTS)
      found.push({ label: `${name} = ${shown(value)}`, body: withField(body, path, value) });
  }
  const extra = (json: string) => ({ ...body, ...JSON.parse(json) });
  found.push(
    { label: 'unknown field', body: { ...body, unknown: 1 } },
    { label: 'unknown undefined field', body: { ...body, unknown: undefined } },
    { label: '__proto__ key', body: Object.assign(JSON.parse('{"__proto__": {"polluted": 1}}'), body) },
    { label: '__proto__ key null', body: extra('{"__proto__": null}') },
    { label: 'constructor key', body: { ...body, constructor: { name: 'x' } } },
    { label: 'constructor key string', body: { constructor: 'x', ...body } },
    { label: 'toString key', body: { ...body, toString: 'x' } },
    { label: 'hasOwnProperty key', body: { ...body, hasOwnProperty: 1 } },
    { label: 'numeric key', body: { ...body, 0: 'x' } },
    { label: 'keys reversed', body: Object.fromEntries(Object.entries(body).reverse()) },
    { label: 'null prototype', body: Object.assign(Object.create(null), body) },
    { label: 'class instance', body: Object.assign(new (class Body {})(), body) },
    { label: 'non-enumerable field', body: nonEnumerable(body) },
    { label: 'getter field', body: withGetter(body) },
    { label: 'symbol key', body: { ...body, [Symbol('s')]: 1 } },
    { label: 'empty body', body: {} },
    { label: 'null body', body: null },
    { label: 'undefined body', body: undefined },
    { label: 'array body', body: [body] },
    { label: 'string body', body: 'x' },
    { label: 'number body', body: 42 },
    { label: 'deep unknown field', body: { ...body, nested: deep(2000) } },
  );
  if (Array.isArray(body.lines)) found.push(...lineMutations(body));
  if (Array.isArray(body.skus) || 'skus' in body) found.push(...skuMutations(body));
  return found;
}

function nonEnumerable(body: Body): Body {
  const copy = { ...body };
  const [first] = Object.keys(copy);
  if (first) Object.defineProperty(copy, first, { value: copy[first], enumerable: false });
  return copy;
}

function withGetter(body: Body): Body {
  const copy = { ...body };
  const [first] = Object.keys(copy);
  if (first) {
    const value = copy[first];
    Object.defineProperty(copy, first, { get: () => value, enumerable: true });
  }
  return copy;
}

function lineMutations(body: Body): Mutation[] {
  const lines = body.lines as Body[];
  const one = lines[0];
  return [
    { label: 'lines empty', body: { ...body, lines: [] } },
    { label: 'lines 1000', body: { ...body, lines: Array.from({ length: 1000 }, () => ({ ...one })) } },
    { label: 'lines shared element', body: { ...body, lines: [one, one] } },
    { label: 'lines with null', body: { ...body, lines: [...lines, null] } },
    { label: 'lines with a string', body: { ...body, lines: [...lines, 'x'] } },
    { label: 'lines with an array', body: { ...body, lines: [...lines, [one]] } },
    { label: 'lines with a bad last', body: { ...body, lines: [...lines, { ...one, quantity: 0 }] } },
    { label: 'lines with an unknown', body: { ...body, lines: [{ ...one, colour: 'red' }] } },
    { label: 'lines with a __proto__', body: { ...body, lines: [Object.assign(JSON.parse('{"__proto__": 1}'), one)] } },
    { label: 'lines sparse', body: { ...body, lines: sparse([one, one], 3) } },
    { label: 'lines an object', body: { ...body, lines: one } },
    { label: 'lines a line list in a Set', body: { ...body, lines: new Set(lines) } },
    { label: 'lines null-prototype element', body: { ...body, lines: [Object.assign(Object.create(null), one)] } },
    { label: 'lines class element', body: { ...body, lines: [Object.assign(new (class Line {})(), one)] } },
    { label: 'lines deep element', body: { ...body, lines: [{ ...one, description: deep(100) }] } },
    { label: 'lines nested deep', body: { ...body, lines: [deep(1000)] } },
  ];
}

function skuMutations(body: Body): Mutation[] {
  return [
    { label: 'skus 100000', body: { ...body, skus: Array.from({ length: 100_000 }, (_, i) => `S${i}`) } },
    { label: 'skus 100001', body: { ...body, skus: Array.from({ length: 100_001 }, (_, i) => `S${i}`) } },
    { label: 'skus with a bad one', body: { ...body, skus: ['A', ' ', 'B'] } },
    { label: 'skus with a number', body: { ...body, skus: ['A', 1] } },
    { label: 'skus with an object', body: { ...body, skus: ['A', {}] } },
    { label: 'skus sparse', body: { ...body, skus: sparse(['A', 'B'], 3) } },
    { label: 'skus a string', body: { ...body, skus: 'A' } },
  ];
}

const LEFT_TO_CLASS_VALIDATOR = [
  /^(__proto__|constructor|toString|hasOwnProperty) key/,
  /^(null prototype|class instance)$/,
  /^lines (with an array|with a __proto__|sparse|a line list in a Set|null-prototype element|class element)$/,
  /^skus (= a sparse array|= a Set|sparse)$/,
];

type Outcome = PreparedItem | { threw: string };
async function outcome(item: BatchItem, index: number): Promise<Outcome> {
  const caller = { principal: { actor: 'agent-1' }, headers: { 'idempotency-key': 'batch-1' } };
  try {
    return await prepareItem(item, index, caller);
  } catch (error) {
    return { threw: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

/** A value's classes and own keys in order, where isDeepStrictEqual looks at neither order. */
function layout(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return [Object.getPrototypeOf(value)?.constructor?.name, Object.entries(value).map(([k, v]) => [k, layout(v)])];
}

describe('prepareItem, proven valid or validated by class-validator', () => {
  it.each(COMMAND_NAMES)('%s: the same outcome for its bodies and their mutations', async (command) => {
    const items: { label: string; item: BatchItem }[] = [];
    for (const [b, body] of VALID[command].entries()) {
      for (const { label, body: mutated } of mutations(body)) {
        const idempotencyKey = `k-${b}-${label.replace(/[^A-Za-z0-9._:-]/g, '_')}`;
        items.push({
          label,
          item: { command, customerId: 'c-1', caseId: 'case-1', idempotencyKey, body: mutated as Body },
        });
      }
    }
    const differences: string[] = [];
    const unproven = new Set<string>();
    let valid = 0;
    let proven = 0;
    for (const [i, { label, item }] of items.entries()) {
      mockFastPath.enabled = false;
      const slow = await outcome(item, i);
      mockFastPath.enabled = true;
      mockFastPath.proven = 0;
      const fast = await outcome(item, i);
      if (!isDeepStrictEqual(fast, slow) || !isDeepStrictEqual(layout(fast), layout(slow))) {
        differences.push(`${item.idempotencyKey}: ${JSON.stringify(fast)} vs ${JSON.stringify(slow)}`.slice(0, 500));
      }
      if ('command' in slow) valid++;
      if ('command' in slow && mockFastPath.proven === 0) unproven.add(label);
      if (mockFastPath.proven > 0) {
        proven++;
        const dto = COMMANDS[command].dto as new () => object;
        const built = provenValid(dto, item.body);
        const transformed = plainToInstance(dto, item.body);
        expect(isDeepStrictEqual(built, transformed) && isDeepStrictEqual(layout(built), layout(transformed))).toBe(
          true,
        );
      }
    }
    expect(differences).toEqual([]);
    expect(proven).toBeLessThanOrEqual(valid);
    expect(valid).toBeGreaterThan(VALID[command].length * 10);
    // Valid bodies are proven but for shapes plainToInstance changes: keys it drops, holes, Sets,
    // nested arrays, objects not plain. Those are left to class-validator.
    expect([...unproven].filter((label) => !LEFT_TO_CLASS_VALIDATOR.some((left) => left.test(label)))).toEqual([]);
    expect(proven).toBeGreaterThan(valid / 2);
  });
});
