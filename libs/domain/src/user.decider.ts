// The user decider: a person is added once (their id is derived from their email by the command
// side, so one email is one user), then their roles and team change, and they are deactivated
// (never deleted: their past actions must keep naming them) and possibly reactivated.
import { resolveOccurredAt } from './business-time';
import { compact, invalid } from './decision-helpers';
import { UnknownUser, UserAlreadyAdded } from './errors';
import { assertNever } from './exhaustive';
import type { DecisionContext } from './policy';
import { STAFF_ROLES, isStaffRole, type StaffRole, type UserCommand, type UserEvent } from './user.events';

export interface KnownUser {
  readonly added: true;
  readonly userId: string;
  readonly roles: readonly StaffRole[];
  readonly team?: string;
  readonly active: boolean;
}

export type UserState = { readonly added: false } | KnownUser;

export const initialUserState = (): UserState => ({ added: false });

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserAdded':
      return compact({
        added: true,
        userId: event.data.userId,
        roles: event.data.roles,
        team: event.data.team,
        active: true,
      });
    case 'UserRolesChanged':
      return state.added ? { ...state, roles: event.data.roles } : state;
    case 'UserTeamChanged':
      return state.added ? compact({ ...state, team: event.data.team }) : state;
    case 'UserDeactivated':
      return state.added ? { ...state, active: false } : state;
    case 'UserReactivated':
      return state.added ? { ...state, active: true } : state;
  }
  return assertNever(event);
}

/** Roles as a sorted set: at least one, each known, so equal sets compare equal. */
export function normalizeRoles(roles: readonly string[]): StaffRole[] {
  if (!Array.isArray(roles) || roles.length === 0) throw invalid('roles', 'a user needs at least one role');
  const unknown = roles.find((role) => !isStaffRole(role));
  if (unknown !== undefined) {
    throw invalid('roles', `'${String(unknown)}' is not a role; roles are ${STAFF_ROLES.join(', ')}`);
  }
  return STAFF_ROLES.filter((role) => roles.includes(role));
}

const sameRoles = (a: readonly StaffRole[], b: readonly StaffRole[]): boolean =>
  a.length === b.length && a.every((role, i) => role === b[i]);

export function decideUser(command: UserCommand, state: UserState, context: DecisionContext): UserEvent[] {
  const { userId } = command.data;
  const occurredAt = resolveOccurredAt(command.data.occurredAt, context.now);
  if (command.type === 'AddUser') {
    if (state.added) throw new UserAlreadyAdded(userId);
    const { name, email, team } = command.data;
    const roles = normalizeRoles(command.data.roles);
    return [{ type: 'UserAdded', data: compact({ userId, name, email, roles, team, occurredAt }) }];
  }
  if (!state.added) throw new UnknownUser(userId);
  switch (command.type) {
    case 'ChangeUserRoles': {
      const roles = normalizeRoles(command.data.roles);
      return sameRoles(roles, state.roles) ? [] : [{ type: 'UserRolesChanged', data: { userId, roles, occurredAt } }];
    }
    case 'ChangeUserTeam': {
      const { team } = command.data;
      return team === state.team ? [] : [{ type: 'UserTeamChanged', data: compact({ userId, team, occurredAt }) }];
    }
    case 'DeactivateUser':
      // Deactivating twice records nothing: the first answer stands.
      return state.active
        ? [{ type: 'UserDeactivated', data: compact({ userId, reason: command.data.reason, occurredAt }) }]
        : [];
    case 'ReactivateUser':
      return state.active ? [] : [{ type: 'UserReactivated', data: { userId, occurredAt } }];
  }
  return assertNever(command);
}
