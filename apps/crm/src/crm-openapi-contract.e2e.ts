// Every operation in /docs/openapi.json documents what it answers: a 2xx response with a schema
// (or a description of its non-JSON body), the errors it can give (400 where it takes input,
// 401/403 where it needs a permission) and the role it needs, so the contract is never thin.
import { CrmUnderTest } from './test-support/crm-under-test';

interface Operation {
  description?: string;
  summary?: string;
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: unknown;
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
  'x-roles'?: string[];
}

let crm: CrmUnderTest;
let paths: Record<string, Record<string, Operation>>;

beforeAll(async () => {
  crm = await CrmUnderTest.start();
  paths = (await crm.get('/docs/openapi.json', null)).body.paths;
});
afterAll(() => crm.stop());

/** Routes that need no key: health, docs, metrics, signing in and single sign-on. */
const PUBLIC = /^\/(health|docs|metrics|auth\/sign-in$|auth\/methods$|auth\/oidc\/)/;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function gaps(path: string, method: string, op: Operation): string[] {
  const found: string[] = [];
  const responses = op.responses ?? {};
  // A redirect (single sign-on's two legs) answers with its Location: a described 3xx counts.
  const ok = Object.entries(responses).filter(([code]) => /^[23]/.test(code));
  const documented = ok.some(
    ([, r]) => Object.values(r.content ?? {}).some((c) => c.schema !== undefined) || (r.description ?? '').length > 0,
  );
  if (!documented) found.push('no 2xx/3xx response with a schema or a described body');
  // Path ids answer 404 when unknown, so input here is a body or a query string.
  const takesInput = op.requestBody !== undefined || (op.parameters ?? []).some((p) => p.in === 'query');
  if (takesInput && !responses['400']) found.push('takes input but no 400');
  if (!PUBLIC.test(path)) {
    if (!responses['401']) found.push('no 401');
    // A route any key may use cannot refuse a role.
    const anyKey = op['x-roles']?.length === 5;
    if (!responses['403'] && !anyKey) found.push('no 403');
    const text = `${op.summary ?? ''} ${op.description ?? ''}`;
    if (!op['x-roles'] && !/\b(role|roles|channel|agent|analyst|auditor|admin)\b/i.test(text)) found.push('no role');
  }
  return found.map((g) => `${method.toUpperCase()} ${path}: ${g}`);
}

it('documents responses, errors and roles for every operation', () => {
  const all = Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .flatMap(([method, op]) => gaps(path, method, op)),
  );
  expect(Object.keys(paths).length).toBeGreaterThan(30);
  expect(all).toEqual([]);
});
