// fast-check arbitraries for hostile HTTP requests against the CRM: any endpoint from the running
// app's OpenAPI description, ids and query values from plausible to absurd, valid command bodies
// and their mutations (types, sizes, unicode, edge numbers, duplicate keys, nesting, prototype keys),
// arbitrary and malformed JSON, and header combinations.
import fc from 'fast-check';
import { KEYS } from './crm-under-test';

export interface Operation {
  method: string;
  path: string;
  query: string[];
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body?: string;
  /** minPosition as sent, when it is a whole number: a 503 is documented for one ahead of the log. */
  minPosition?: number;
}

const KNOWN_IDS = ['ada', 'bob', 'cy', 'case-1', 'o-1', 'camp-1', 'operational-view', 'champions'];
const ODD_STRINGS = ['', ' ', '..', '%', '%00', '%ZZ', '__proto__', 'constructor', 'prototype', 'a'.repeat(300)];
const INSTANT = '2026-03-01T10:00:00Z';
const line = { sku: 'X-1', quantity: 1, unitPrice: 10 };
const contact = { channel: 'phone', direction: 'inbound', reason: 'question', durationSeconds: 60 };

/** A valid body per command path (as the OpenAPI description names it); others get random JSON. */
export const VALID_BODIES: Record<string, Record<string, unknown>> = {
  'POST /customers': { kind: 'person', name: 'Fuzz Person', birthDate: '1980-02-03', country: 'GB' },
  'PATCH /customers/{customerId}': { city: 'Oslo' },
  'POST /customers/{customerId}/consents': { channel: 'email', purpose: 'marketing', status: 'given' },
  'POST /customers/{customerId}/account-manager': { accountManagerId: 'am-1' },
  'POST /customers/{customerId}/key-account': { keyAccount: true, reason: 'volume' },
  'POST /customers/{customerId}/contacts': contact,
  'POST /customers/{customerId}/purchases': { orderId: 'o-1', lines: [line], currency: 'EUR', channel: 'web' },
  'POST /customers/{customerId}/returns': { orderId: 'o-1', amount: 1 },
  'POST /customers/{customerId}/information-requests': { topic: 'delivery times', channel: 'web' },
  'POST /customers/{customerId}/complaints': {
    caseId: 'case-1',
    category: 'delivery',
    severity: 'low',
    channel: 'email',
    description: 'late',
  },
  'POST /customers/{customerId}/complaints/{caseId}/escalate': { reason: 'slow' },
  'POST /customers/{customerId}/complaints/{caseId}/resolve': { resolution: 'refund' },
  'POST /customers/{customerId}/feedback': { kind: 'csat', score: 4, channel: 'web' },
  'POST /customers/{customerId}/campaign-touches': { campaignId: 'camp-1', channel: 'email' },
  'POST /campaigns': {
    name: 'Fuzz sale',
    channel: 'web',
    startsAt: INSTANT,
    endsAt: '2026-04-01T10:00:00Z',
    budget: 100,
    currency: 'EUR',
  },
  'POST /commands/batch': { commands: [{ command: 'RecordContact', customerId: 'ada', body: contact }] },
  'POST /customers/{customerId}/erasure': { reason: 'request' },
};

/** Numbers as JSON text: what JSON.stringify can never produce (1e309, -0, beyond 2^53). */
const EDGE_NUMBERS = ['0', '-0', '-1', '1.5', '1e308', '1e309', '-1e309', '5e-324', '1e-400', '9007199254740993'];
const unicode = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }), // lone surrogates included
  fc.constantFrom('\u0000', '\u202e', 'é'.normalize('NFD'), '𝔘𝔫𝔦', '\ufeff{'),
);
const anyJson = fc.jsonValue({ maxDepth: 4 });
const edgeValue = fc.oneof(
  { weight: 4, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_NUMBERS) },
  { weight: 3, arbitrary: unicode.map((s) => JSON.stringify(s)) },
  // Long texts: past a field's length limit, and past the body limit (256 KB) now and then.
  {
    weight: 1,
    arbitrary: fc
      .oneof({ weight: 12, arbitrary: fc.constantFrom(250, 5_000) }, { weight: 1, arbitrary: fc.constant(300_000) })
      .map((n) => JSON.stringify('x'.repeat(n))),
  },
);
const nestingDepth = fc.constantFrom(2, 31, 33, 200, 3000);
const nest = (depth: number, open: string, close: string, leaf = '1') =>
  open.repeat(depth) + leaf + close.repeat(depth);

const entries = (body: Record<string, unknown>) => Object.entries(body).map(([k, v]) => [k, JSON.stringify(v)]);
const objectText = (pairs: string[][]) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;

/** A valid body mutated once: one field's value, a missing field, an extra/duplicate/prototype key. */
function mutatedBody(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const pairs = entries(valid);
  const index = fc.nat({ max: Math.max(0, pairs.length - 1) });
  const with_ = (i: number, value: string) => pairs.map(([k, v], j) => [k, j === i ? value : v]);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(objectText(pairs)) },
    { weight: 4, arbitrary: fc.tuple(index, edgeValue).map(([i, v]) => objectText(with_(i, v))) },
    { weight: 1, arbitrary: index.map((i) => objectText(pairs.filter((_, j) => j !== i))) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', 'lines'), edgeValue)
        .map(([k, v]) => objectText([...pairs, [k, v]])),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(index, edgeValue).map(([i, v]) => objectText([...pairs, [pairs[i]?.[0] ?? 'a', v]])),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(index, nestingDepth, fc.boolean())
        .map(([i, d, list]) => objectText(with_(i, list ? nest(d, '[', ']') : nest(d, '{"a":', '}')))),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(1, 201, 999, 1001, 1500), anyJson)
        .map(([n, item]) => objectText([...pairs, ['lines', JSON.stringify(Array.from({ length: n }, () => item))]])),
    },
  );
}

function bodyFor(operation: Operation): fc.Arbitrary<string | undefined> {
  const valid = VALID_BODIES[`${operation.method} ${operation.path}`];
  const random = fc.oneof(
    anyJson.map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 60 }),
    fc.tuple(nestingDepth, fc.boolean()).map(([d, list]) => (list ? nest(d, '[', ']', '') : nest(d, '{"a":', '}'))),
    fc.constantFrom('', '{', '{"a":1,}', '{"a":01}', 'null', '[]', '{"a":"\\ud800"}', '\ufeff{}', '{"a":NaN}'),
  );
  if (operation.method === 'GET') return fc.constant(undefined);
  if (!valid) return fc.oneof(fc.constant(undefined), random);
  return fc.oneof(
    { weight: 6, arbitrary: mutatedBody(valid) },
    { weight: 2, arbitrary: random },
    {
      weight: 1,
      arbitrary: fc.tuple(mutatedBody(valid), fc.nat()).map(([text, cut]) => text.slice(0, cut % (text.length + 1))),
    },
  );
}

/** Percent-encodes any string byte by byte (encodeURIComponent throws on lone surrogates). */
const encode = (value: string) =>
  [...Buffer.from(value, 'utf8')]
    .map((b) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16)}`))
    .join('');

const pathValue = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...KNOWN_IDS) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/).map(encode) },
  { weight: 1, arbitrary: unicode.map(encode) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD_STRINGS) },
);

const queryValue = (name: string, head: number) =>
  fc.oneof(
    fc.constantFrom('2026-01-01', INSTANT, '2026-02-30', 'yesterday', '0', '1', '-1', '1.5', '1e3', 'NaN', 'true', ''),
    name === 'minPosition' ? fc.integer({ min: 0, max: head + 3 }).map(String) : fc.constantFrom('json', 'csv'),
    fc.string({ maxLength: 20 }),
    unicode,
    fc.constantFrom('__proto__', 'constructor', 'profile.name', 'ContactRecorded,PurchaseRecorded', '9'.repeat(40)),
  );

function queryFor(operation: Operation, head: number): fc.Arbitrary<Array<[string, string]>> {
  const names = [...operation.query, 'segment', 'country', 'format', 'limit'];
  const pair = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...names).chain((n) => queryValue(n, head).map((v) => [n, v])) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.string()) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 10 })) },
  );
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<Array<[string, string]>>([]) },
    { weight: 2, arbitrary: fc.array(pair as fc.Arbitrary<[string, string]>, { minLength: 1, maxLength: 4 }) },
  );
}

const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,140}$/);
/** Present now and then; malformed now and then. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
const headers = fc.record({
  key: fc.oneof(
    // Mostly admin, who may call everything, so most requests reach the code behind the guard.
    { weight: 12, arbitrary: fc.constant(KEYS.admin) },
    { weight: 4, arbitrary: fc.constantFrom(KEYS.agent, KEYS.channel, KEYS.analyst, KEYS.auditor) },
    { weight: 1, arbitrary: headerValue },
  ),
  repeatKey: fc.oneof({ weight: 20, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  contentType: fc.oneof(
    { weight: 12, arbitrary: fc.constant('application/json') },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        'application/json; charset=utf-8',
        'Application/JSON',
        'application/json; charset=latin1',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/vnd.api+json',
        'application/json;;',
        '',
      ),
    },
    { weight: 1, arbitrary: headerValue },
  ),
  idempotencyKey: sometimes(
    fc.oneof(
      { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/) },
      { weight: 1, arbitrary: headerValue },
    ),
  ),
  ifMatch: sometimes(
    fc.oneof(fc.constantFrom('"0"', 'W/"1"', '"2"', '-1', '"x"', '*', '99999999999999999999'), headerValue),
  ),
  channel: sometimes(fc.oneof(fc.constantFrom('web', 'till_7'), headerValue)),
  correlationId: sometimes(fc.oneof(fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/), headerValue)),
});

/** One hostile request; `head` is a log position every read model has reached (for minPosition). */
export function fuzzRequest(operations: Operation[], head: number): fc.Arbitrary<FuzzRequest> {
  return fc
    .constantFrom(...operations)
    .chain((operation) =>
      fc.record({
        operation: fc.constant(operation),
        params: fc.array(pathValue, { minLength: 3, maxLength: 3 }),
        query: queryFor(operation, head),
        body: bodyFor(operation),
        headers,
      }),
    )
    .map(({ operation, params, query, body, headers: h }) => {
      let i = 0;
      const path = operation.path.replace(/\{[^}]+\}/g, () => params[i++]);
      const search = query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
      const list: Array<[string, string]> = [['x-api-key', h.key]];
      if (h.repeatKey) list.push(['x-api-key', KEYS.admin]);
      if (body !== undefined && h.contentType) list.push(['content-type', h.contentType]);
      if (h.idempotencyKey !== undefined) list.push(['idempotency-key', h.idempotencyKey]);
      if (h.ifMatch !== undefined) list.push(['if-match', h.ifMatch]);
      if (h.channel !== undefined) list.push(['x-source-channel', h.channel]);
      if (h.correlationId !== undefined) list.push(['x-correlation-id', h.correlationId]);
      const minPosition = query.find(([k, v]) => k === 'minPosition' && /^\d+$/.test(v))?.[1];
      return {
        method: operation.method,
        url: search ? `${path}?${search}` : path,
        headers: list,
        body,
        minPosition: minPosition === undefined ? undefined : Number(minPosition),
      };
    });
}
