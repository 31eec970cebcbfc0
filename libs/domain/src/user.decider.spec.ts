import type { AddUser } from './user.events';
import { UnknownUser, UserAlreadyAdded, ValidationFailed } from './errors';
import type { UserAdded } from './user.events';
import { TEST_NOW, givenUser as given } from './test-support/given-when-then';

const add = (overrides: Partial<AddUser['data']> = {}): AddUser => ({
  type: 'AddUser',
  data: { userId: 'u-1', name: 'Ada Agent', email: 'ada@ledger.test', roles: ['agent'], team: 'north', ...overrides },
});

const added: UserAdded = {
  type: 'UserAdded',
  data: {
    userId: 'u-1',
    name: 'Ada Agent',
    email: 'ada@ledger.test',
    roles: ['agent'],
    team: 'north',
    occurredAt: TEST_NOW,
  },
};

describe('adding a person to the directory', () => {
  it('adds a user with their roles as a sorted set', () =>
    given([])
      .when(add({ roles: ['admin', 'agent', 'admin'] }))
      .then([{ ...added, data: { ...added.data, roles: ['agent', 'admin'] } }]));

  it('adds a user without a team', () => {
    const { team: _team, ...data } = added.data;
    given([])
      .when(add({ team: undefined }))
      .then([{ type: 'UserAdded', data }]);
  });

  it('refuses the same person twice (the id is derived from the email)', () =>
    given([added]).when(add()).thenThrows(UserAlreadyAdded, { code: 'USER_ALREADY_ADDED', field: 'email' }));

  it('refuses a user without roles, or with a role that is not a staff role', () => {
    given([])
      .when(add({ roles: [] }))
      .thenThrows(ValidationFailed, { field: 'roles' });
    given([])
      .when(add({ roles: ['agent', 'channel'] }))
      .thenThrows(ValidationFailed, { field: 'roles' });
  });
});

describe('changing roles and team', () => {
  it('records the new roles, and nothing when they are the same set', () => {
    given([added])
      .when({ type: 'ChangeUserRoles', data: { userId: 'u-1', roles: ['auditor', 'agent'] } })
      .then([{ type: 'UserRolesChanged', data: { userId: 'u-1', roles: ['agent', 'auditor'], occurredAt: TEST_NOW } }]);
    given([added])
      .when({ type: 'ChangeUserRoles', data: { userId: 'u-1', roles: ['agent'] } })
      .then([]);
  });

  it('moves a user to another team or out of any team', () => {
    given([added])
      .when({ type: 'ChangeUserTeam', data: { userId: 'u-1', team: 'south' } })
      .then([{ type: 'UserTeamChanged', data: { userId: 'u-1', team: 'south', occurredAt: TEST_NOW } }]);
    given([added])
      .when({ type: 'ChangeUserTeam', data: { userId: 'u-1' } })
      .then([{ type: 'UserTeamChanged', data: { userId: 'u-1', occurredAt: TEST_NOW } }]);
    given([added])
      .when({ type: 'ChangeUserTeam', data: { userId: 'u-1', team: 'north' } })
      .then([]);
  });

  it('refuses to change someone who is not in the directory', () =>
    given([])
      .when({ type: 'ChangeUserRoles', data: { userId: 'u-9', roles: ['agent'] } })
      .thenThrows(UnknownUser, { code: 'UNKNOWN_USER', kind: 'not_found' }));
});

describe('deactivating and reactivating', () => {
  const deactivated = {
    type: 'UserDeactivated' as const,
    data: { userId: 'u-1', reason: 'left', occurredAt: TEST_NOW },
  };

  it('deactivates once; a second deactivation records nothing', () => {
    given([added])
      .when({ type: 'DeactivateUser', data: { userId: 'u-1', reason: 'left' } })
      .then([deactivated]);
    given([added, deactivated])
      .when({ type: 'DeactivateUser', data: { userId: 'u-1' } })
      .then([]);
  });

  it('reactivates a deactivated user, and records nothing for an active one', () => {
    given([added, deactivated])
      .when({ type: 'ReactivateUser', data: { userId: 'u-1' } })
      .then([{ type: 'UserReactivated', data: { userId: 'u-1', occurredAt: TEST_NOW } }]);
    given([added])
      .when({ type: 'ReactivateUser', data: { userId: 'u-1' } })
      .then([]);
  });

  it('refuses to deactivate someone who is not in the directory', () =>
    given([])
      .when({ type: 'DeactivateUser', data: { userId: 'u-9' } })
      .thenThrows(UnknownUser));
});
