// The routing decision of the query service in distributed mode, over the routes the real
// feature modules register: what the query service serves stays local, commands, sign-in and API
// keys go to the command service, audit reads to the audit service, anything else is a local 404.
import { Controller, Get, Module, Post, All } from '@nestjs/common';
import { AuditModule } from '@ledger/audit';
import { CommandsModule } from '@ledger/commands';
import { DerivedEventsModule } from '@ledger/derived-events';
import { PeopleModule } from '@ledger/people';
import { QueriesModule } from '@ledger/queries';
import { Metrics } from '@ledger/http';
import { AuthController } from '../auth.controller';
import { HealthController } from '../health.controller';
import { ObservabilityModule } from '../observability';
import Fastify from 'fastify';
import { RouteTable, routesOf } from './route-table';

type Owner = 'local' | 'command-service' | 'audit-service';

/** The query service's table as main.ts builds it (its local routes read the same way here). */
function queryServiceTable(): RouteTable<Owner> {
  return new RouteTable<Owner>(['local', 'command-service', 'audit-service'])
    .addAll(
      'local',
      routesOf([
        QueriesModule,
        DerivedEventsModule,
        ObservabilityModule.forRoot(new Metrics()),
        { module: class Service {}, controllers: [HealthController, AuthController] },
      ]),
    )
    .addAll('command-service', routesOf([CommandsModule, PeopleModule]))
    .addAll('audit-service', routesOf([AuditModule]));
}

describe('query service routing: what is served here and what is forwarded', () => {
  const table = queryServiceTable();
  const owner = (method: string, path: string) => table.match(method, path)?.owner ?? null;

  it.each([
    ['POST', '/customers'],
    ['PATCH', '/customers/c-1'],
    ['POST', '/customers/c-1/contacts'],
    ['POST', '/customers/c-1/complaints/case-1/resolve'],
    ['POST', '/customers/c-1/erasure'],
    ['POST', '/campaigns'],
    ['POST', '/commands/batch'],
    ['POST', '/admin/users'],
    ['PATCH', '/admin/users/u-1/roles'],
    ['POST', '/auth/sign-in'],
    ['POST', '/auth/sign-out'],
    ['GET', '/auth/methods'],
    ['GET', '/auth/oidc/callback'],
    ['GET', '/admin/api-keys'],
    ['POST', '/admin/api-keys/k-1/revoke'],
  ])('%s %s goes to the command service', (method, path) => {
    expect(owner(method, path)).toBe('command-service');
  });

  it.each([
    ['GET', '/audit/customers/c-1/events'],
    ['GET', '/audit/customers/c-1/verify'],
    ['GET', '/audit/access-log'],
    ['GET', '/audit/checkpoints'],
    ['GET', '/customers/c-1/export'],
    ['HEAD', '/customers/c-1/export'],
  ])('%s %s goes to the audit service', (method, path) => {
    expect(owner(method, path)).toBe('audit-service');
  });

  it.each([
    ['GET', '/customers/c-1'],
    ['GET', '/customers/search'],
    ['GET', '/customers'],
    ['GET', '/customers/c-1/timeline'],
    ['GET', '/admin/users'],
    ['GET', '/admin/users/u-1'],
    ['GET', '/auth/me'],
    ['GET', '/health/ready'],
    ['GET', '/metrics'],
    ['GET', '/kpis'],
    ['POST', '/admin/webhooks'],
  ])('%s %s is served by the query service itself', (method, path) => {
    expect(owner(method, path)).toBe('local');
  });

  it.each([
    ['GET', '/customer/c-1'],
    ['DELETE', '/customers/c-1'],
    ['POST', '/customers/c-1/contacts/extra'],
    ['GET', '/audit'],
    ['POST', '//customers'],
  ])('%s %s matches nothing: the query service answers it (the console page or a 404)', (method, path) => {
    expect(owner(method, path)).toBeNull();
  });

  it('ignores a trailing slash, as the services do', () => {
    expect(owner('POST', '/customers/')).toBe('command-service');
  });

  it('sends no route to both upstreams: each forwarded route has exactly one home', () => {
    const command = new Set(routesOf([CommandsModule, PeopleModule]).map((r) => `${r.method} ${r.template}`));
    const both = routesOf([AuditModule]).filter((r) => command.has(`${r.method} ${r.template}`));
    expect(both).toEqual([]);
  });
});

describe('route table: the most specific route wins, as in the services’ own router', () => {
  @Controller('things')
  class Things {
    @Get(':id')
    one() {}
    @Post()
    add() {}
  }
  @Controller()
  class Wild {
    @All('files/*')
    any() {}
  }
  @Module({ controllers: [Things] })
  class Inner {}
  @Module({ imports: [Inner], controllers: [Wild] })
  class Outer {}

  it('reads routes through imported modules, with `*` for a route answering every method', () => {
    expect(routesOf([Outer])).toEqual(
      expect.arrayContaining([
        { method: 'GET', template: '/things/:id' },
        { method: 'POST', template: '/things' },
        { method: '*', template: '/files/*' },
      ]),
    );
  });

  it('prefers a static segment over a parameter and a parameter over a wildcard', () => {
    const table = new RouteTable<'a' | 'b'>(['a', 'b'])
      .addAll('a', [
        { method: 'GET', template: '/things/:id' },
        { method: 'GET', template: '/*' },
      ])
      .addAll('b', [{ method: 'GET', template: '/things/special' }]);
    expect(table.match('GET', '/things/special')).toEqual({ owner: 'b', template: '/things/special' });
    expect(table.match('GET', '/things/t-1')).toEqual({ owner: 'a', template: '/things/:id' });
    expect(table.match('GET', '/elsewhere/deep')).toEqual({ owner: 'a', template: '/*' });
    expect(table.match('GET', '/things/')).toEqual({ owner: 'a', template: '/*' });
  });

  it('gives a template registered by two owners to the one listed first, and an exact method over `*`', () => {
    const table = new RouteTable<'a' | 'b'>(['a', 'b'])
      .addAll('b', [
        { method: 'GET', template: '/same' },
        { method: 'POST', template: '/mixed' },
      ])
      .addAll('a', [
        { method: 'GET', template: '/same' },
        { method: '*', template: '/mixed' },
      ]);
    expect(table.match('GET', '/same')?.owner).toBe('a');
    expect(table.match('POST', '/mixed')?.owner).toBe('b');
    expect(table.match('DELETE', '/mixed')?.owner).toBe('a');
  });

  it('matches a path exactly as Fastify routes it in the services (an empty parameter included)', async () => {
    const templates = ['/x/:id/y', '/x/special/y', '/x/*', '/things/:id', '/things'];
    const table = new RouteTable<'a'>(['a']).addAll(
      'a',
      templates.map((template) => ({ method: 'GET', template })),
    );
    const app = Fastify({ ignoreTrailingSlash: true });
    for (const template of templates) app.get(template, async () => ({ template }));
    const paths = [
      '/x//y',
      '/x/1/y',
      '/x/special/y',
      '/x/1/y/z',
      '/x/1',
      '/x/',
      '/things',
      '/things/',
      '/things/t',
      '/nope',
    ];
    for (const path of paths) {
      const served = await app.inject({ method: 'GET', url: path });
      const expected = served.statusCode === 200 ? (served.json() as { template: string }).template : null;
      expect({ path, template: table.match('GET', path)?.template ?? null }).toEqual({ path, template: expected });
    }
    await app.close();
  });
});
