// Deny by default, as a matrix (issue 17): every route the running CRM serves is read from Nest
// itself, with the permission its handler declares. Any route without one must be on the public
// list below; every other route answers 401 without credentials or with a forged session, 403 to
// each role that lacks the permission (keys and signed-in people alike), never 401/403 to a role
// that has it, and 401 to a person deactivated after signing in. Refusals write nothing.
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ANY_KEY, ROLE_PERMISSIONS, declaredPermission, type RoleName } from '@ledger/http';
import { KEYS, CrmUnderTest } from './test-support/crm-under-test';

/** Routes anyone may call: health, the API docs, and signing in. */
const PUBLIC = new Set([
  'GET /health',
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'POST /auth/sign-in',
  // Single sign-on: which methods are offered, and the two legs of the provider's redirect.
  'GET /auth/methods',
  'GET /auth/oidc/start',
  'GET /auth/oidc/callback',
]);
/** Answers 403 to an API key by design: a key has no sessions to end. */
const PEOPLE_ONLY = new Set(['POST /auth/sign-out-everywhere']);
/** End the caller's session: checked for people in crm-sign-in.e2e.ts, here for keys only. */
const ENDS_SESSION = new Set(['POST /auth/sign-out', 'POST /auth/sign-out-everywhere']);
const ROLES = Object.keys(KEYS) as RoleName[];

interface Route {
  method: string;
  path: string;
  required: string | undefined;
}

/** Every controller route of the app with the permission it declares. */
function routesOf(crm: CrmUnderTest): Route[] {
  // Nest keeps its modules in the container; no public API lists routes with their metadata.
  const container = (
    crm.app as unknown as {
      container: { getModules(): Map<string, { controllers: Map<unknown, { metatype: unknown }> }> };
    }
  ).container;
  const routes: Route[] = [];
  for (const module of container.getModules().values()) {
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as { prototype: Record<string, unknown> } & object;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (method === undefined || sub === undefined) continue;
        const path = `/${[base, sub]
          .map((p) => p.replace(/^\/|\/$/g, ''))
          .filter(Boolean)
          .join('/')}`;
        routes.push({ method: RequestMethod[method], path, required: declaredPermission(handler, controller) });
      }
    }
  }
  return routes;
}

/** A concrete URL for a route: every parameter a well-formed id nothing holds. */
const urlOf = (path: string) =>
  path.replace(/:(\w+)/g, (_, name: string) => (name === 'name' ? 'no-such-model' : `nobody-${name}`));

describe('crm: authorization matrix (deny by default)', () => {
  let crm: CrmUnderTest;
  let routes: Route[];
  const sessions: Partial<Record<RoleName, { cookie: string; csrf: string }>> = {};
  let deactivated: { cookie: string; csrf: string };
  let revokedKey: string;

  const call = (route: Route, headers: Record<string, string>) =>
    fetch(`${crm.url}${urlOf(route.path)}`, {
      method: route.method,
      headers: { ...headers, ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      body: route.method === 'GET' ? undefined : '{}',
    });

  async function person(roles: RoleName[], email: string) {
    const added = await crm.post('/admin/users', { name: email, email, roles }, 'admin');
    const password = 'matrix password 12345';
    await crm.request('PUT', `/admin/users/${added.body.userId}/password`, { as: 'admin', body: { password } });
    const reply = await fetch(`${crm.url}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(reply.status).toBe(200);
    const { csrfToken } = (await reply.json()) as { csrfToken: string };
    return {
      userId: added.body.userId as string,
      cookie: (reply.headers.get('set-cookie') ?? '').split(';')[0],
      csrf: csrfToken,
    };
  }

  beforeAll(async () => {
    crm = await CrmUnderTest.start();
    routes = routesOf(crm).filter((r) => !r.path.startsWith('/docs'));
    for (const role of ROLES.filter((r) => r !== 'channel'))
      sessions[role] = await person([role], `${role}@matrix.test`);
    const leaver = await person(['admin'], 'leaver@matrix.test');
    expect((await crm.post(`/admin/users/${leaver.userId}/deactivate`, {}, 'admin')).status).toBe(201);
    deactivated = leaver;
    const made = await crm.post('/admin/api-keys', { name: 'leaver', role: 'admin' }, 'admin');
    expect((await crm.post(`/admin/api-keys/${made.body.keyId}/revoke`, {}, 'admin')).status).toBe(200);
    revokedKey = made.body.key;
  });
  afterAll(() => crm.stop());

  it('finds the routes, and every route without a declared permission is on the public list', () => {
    expect(routes.length).toBeGreaterThan(50);
    const undeclared = routes.filter((r) => r.required === undefined).map((r) => `${r.method} ${r.path}`);
    expect(undeclared.filter((r) => !PUBLIC.has(r))).toEqual([]);
  });

  it('answers 401 without credentials, with a forged session, an unknown or revoked key or a deactivated person; writing nothing', async () => {
    const head = await crm.head();
    const forged = { cookie: `ledger_session=${'B'.repeat(43)}`, 'x-csrf-token': 'forged' };
    for (const route of routes.filter((r) => r.required !== undefined)) {
      const name = `${route.method} ${route.path}`;
      expect([name, (await call(route, {})).status]).toEqual([name, 401]);
      expect([name, (await call(route, forged)).status]).toEqual([name, 401]);
      expect([name, (await call(route, { 'x-api-key': 'never-issued-key' })).status]).toEqual([name, 401]);
      expect([name, (await call(route, { 'x-api-key': revokedKey })).status]).toEqual([name, 401]);
      const gone = { cookie: deactivated.cookie, 'x-csrf-token': deactivated.csrf };
      expect([name, (await call(route, gone)).status]).toEqual([name, 401]);
    }
    expect(await crm.head()).toBe(head);
  });

  it('gives each role exactly its permissions, as a key and as a signed-in person', async () => {
    const head = await crm.head();
    const mismatches: string[] = [];
    for (const route of routes.filter((r) => r.required !== undefined)) {
      for (const role of ROLES) {
        const allowed = route.required === ANY_KEY || ROLE_PERMISSIONS[role].includes(route.required as never);
        const callers: [string, Record<string, string>][] = [[`${role} key`, { 'x-api-key': KEYS[role] }]];
        const session = sessions[role];
        if (session && !ENDS_SESSION.has(`${route.method} ${route.path}`))
          callers.push([`${role} person`, { cookie: session.cookie, 'x-csrf-token': session.csrf }]);
        for (const [who, headers] of callers) {
          const status = (await call(route, headers)).status;
          const peopleOnly = PEOPLE_ONLY.has(`${route.method} ${route.path}`) && who.endsWith('key');
          const expected = allowed && !peopleOnly ? status !== 401 && status !== 403 : status === 403;
          if (!expected || status >= 500) mismatches.push(`${who} ${route.method} ${route.path} → ${status}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(await crm.head()).toBe(head);
  });
});
