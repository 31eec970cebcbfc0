// The directory of people: staff who sign in (agents, analysts, auditors, admins), each in their
// own stream (`user-<id>`) so the directory is auditable and rebuildable like every other fact.
// Name and email are personal data (encrypted with the user's own key, personal-fields.ts).
import type { Event } from './events';
import type { Command } from './commands';
import type { Instant } from './vocabulary';

/** Roles a person may hold; `channel` is for machines (API keys) and never a person's. */
export const STAFF_ROLES = ['agent', 'analyst', 'auditor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const isStaffRole = (role: string): role is StaffRole => (STAFF_ROLES as readonly string[]).includes(role);

export type UserAdded = Event<
  'UserAdded',
  { userId: string; name: string; email: string; roles: StaffRole[]; team?: string; occurredAt: Instant }
>;
export type UserRolesChanged = Event<'UserRolesChanged', { userId: string; roles: StaffRole[]; occurredAt: Instant }>;
/** `team` absent: the person no longer belongs to a team. */
export type UserTeamChanged = Event<'UserTeamChanged', { userId: string; team?: string; occurredAt: Instant }>;
export type UserDeactivated = Event<'UserDeactivated', { userId: string; reason?: string; occurredAt: Instant }>;
export type UserReactivated = Event<'UserReactivated', { userId: string; occurredAt: Instant }>;

export type UserEvent = UserAdded | UserRolesChanged | UserTeamChanged | UserDeactivated | UserReactivated;

type UserTimed = { occurredAt?: Instant };
export type AddUser = Command<
  'AddUser',
  UserTimed & { userId: string; name: string; email: string; roles: string[]; team?: string }
>;
export type ChangeUserRoles = Command<'ChangeUserRoles', UserTimed & { userId: string; roles: string[] }>;
export type ChangeUserTeam = Command<'ChangeUserTeam', UserTimed & { userId: string; team?: string }>;
export type DeactivateUser = Command<'DeactivateUser', UserTimed & { userId: string; reason?: string }>;
export type ReactivateUser = Command<'ReactivateUser', UserTimed & { userId: string }>;

export type UserCommand = AddUser | ChangeUserRoles | ChangeUserTeam | DeactivateUser | ReactivateUser;

export const userStream = (userId: string): string => `user-${userId}`;
export const isUserStream = (streamId: string): boolean => streamId.startsWith('user-');
