import type { CrmEvent } from '@ledger/domain';
import { usersProjection } from './users.projection';
import { foldLog, recorded } from './test-support/recorded';

const at = (day: string) => `${day}T09:00:00.000Z`;
const directory = (events: CrmEvent[]) => foldLog(usersProjection, recorded(events));

describe('users projection (the directory)', () => {
  it('lists a user with roles and team, follows changes, and marks deactivation and reactivation', () => {
    const users = directory([
      {
        type: 'UserAdded',
        data: {
          userId: 'u1',
          name: 'Ada',
          email: 'ada@ledger.test',
          roles: ['agent'],
          team: 'north',
          occurredAt: at('2026-01-01'),
        },
      },
      {
        type: 'UserAdded',
        data: { userId: 'u2', name: 'Bo', email: 'bo@ledger.test', roles: ['admin'], occurredAt: at('2026-01-01') },
      },
      { type: 'UserRolesChanged', data: { userId: 'u1', roles: ['agent', 'auditor'], occurredAt: at('2026-01-02') } },
      { type: 'UserTeamChanged', data: { userId: 'u1', occurredAt: at('2026-01-03') } },
      { type: 'UserDeactivated', data: { userId: 'u1', reason: 'left', occurredAt: at('2026-01-04') } },
    ]);
    expect(users.get('u1')).toEqual({
      id: 'u1',
      userId: 'u1',
      name: 'Ada',
      email: 'ada@ledger.test',
      roles: ['agent', 'auditor'],
      team: null,
      active: false,
      addedAt: at('2026-01-01'),
      deactivatedAt: at('2026-01-04'),
      lastPosition: 5,
    });
    expect(users.get('u2')).toMatchObject({ active: true, team: null, roles: ['admin'] });
    const back = directory([
      {
        type: 'UserAdded',
        data: { userId: 'u1', name: 'Ada', email: 'a@l.test', roles: ['agent'], occurredAt: at('2026-01-01') },
      },
      { type: 'UserDeactivated', data: { userId: 'u1', occurredAt: at('2026-01-02') } },
      { type: 'UserReactivated', data: { userId: 'u1', occurredAt: at('2026-01-03') } },
    ]);
    expect(back.get('u1')).toMatchObject({ active: true, deactivatedAt: null });
  });

  it('ignores customer events and starts no document without UserAdded', () => {
    const users = directory([
      {
        type: 'CustomerRegistered',
        data: { customerId: 'c1', kind: 'person', name: 'Cy', occurredAt: at('2026-01-01') },
      },
      { type: 'UserRolesChanged', data: { userId: 'ghost', roles: ['agent'], occurredAt: at('2026-01-02') } },
    ]);
    expect(users.size).toBe(0);
  });
});
