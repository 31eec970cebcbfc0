// A person as sign-in needs them, read from their own stream in the event store (not the read
// model): a deactivation or a role change counts from the next request, not once a projection caught up.
import { Inject, Injectable } from '@nestjs/common';
import { evolveUser, initialUserState, userStream, type StaffRole, type UserEvent } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { PERSONAL_DATA, type PersonalDataVault } from '@ledger/personal-data';

export interface Person {
  userId: string;
  name: string | null;
  roles: readonly StaffRole[];
  active: boolean;
}

@Injectable()
export class Directory {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(PERSONAL_DATA) private readonly vault: PersonalDataVault,
  ) {}

  /** null: not in the directory. */
  async person(userId: string): Promise<Person | null> {
    const stored = await this.events.readStream(userStream(userId));
    let state = initialUserState();
    let name: string | null = null;
    for (const recorded of stored) {
      const event = recorded as unknown as UserEvent;
      if (event.type === 'UserAdded') name = (this.vault.open(recorded).data as { name: string | null }).name;
      state = evolveUser(state, event);
    }
    return state.added ? { userId, name, roles: state.roles, active: state.active } : null;
  }
}
