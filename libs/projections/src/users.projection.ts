// The directory of people as a read model: one document per user with what the admin screen
// lists and sign-in needs (roles, team, active). Rebuilt from the `user-<id>` streams like any
// other read model; a user whose personal data was erased keeps their roles with name and email null.
import { assertNever, type Instant, type RecordedEvent, type StaffRole, type UserEvent } from '@ledger/domain';
import type { ProjectedDocument, Projection } from './projection';

export interface UserDocument extends ProjectedDocument {
  userId: string;
  name: string | null;
  email: string | null;
  roles: StaffRole[];
  team: string | null;
  active: boolean;
  addedAt: Instant;
  /** When the user was last deactivated; null while active. */
  deactivatedAt: Instant | null;
}

const USER_EVENTS = new Set<string>([
  'UserAdded',
  'UserRolesChanged',
  'UserTeamChanged',
  'UserDeactivated',
  'UserReactivated',
] satisfies UserEvent['type'][]);

function evolve(doc: UserDocument, event: UserEvent): UserDocument {
  switch (event.type) {
    case 'UserAdded':
      // Added once per stream; a second UserAdded cannot be decided.
      return doc;
    case 'UserRolesChanged':
      return { ...doc, roles: event.data.roles };
    case 'UserTeamChanged':
      return { ...doc, team: event.data.team ?? null };
    case 'UserDeactivated':
      return { ...doc, active: false, deactivatedAt: event.data.occurredAt };
    case 'UserReactivated':
      return { ...doc, active: true, deactivatedAt: null };
  }
  return assertNever(event);
}

export const usersProjection: Projection<UserDocument> = {
  name: 'users',
  version: 1,
  indexes: ['email'],
  keysOf: (event) => (USER_EVENTS.has(event.type) ? [(event.data as { userId: string }).userId] : []),
  apply(doc, event: RecordedEvent) {
    const userEvent = event as unknown as UserEvent;
    if (doc === null) {
      if (userEvent.type !== 'UserAdded') return null;
      const { userId, name, email, roles, team, occurredAt } = userEvent.data;
      return {
        id: userId,
        userId,
        name: name ?? null,
        email: email ?? null,
        roles,
        team: team ?? null,
        active: true,
        addedAt: occurredAt,
        deactivatedAt: null,
        lastPosition: event.position,
      };
    }
    return { ...evolve(doc, userEvent), lastPosition: event.position };
  },
};
