// The decider shape (initialState / evolve / decide) as a value, so generic code — the
// given/when/then test helper, state loaders, the scenario generator — can work with any stream kind.
import { decideCampaign, evolveCampaign, initialCampaignState, type CampaignState } from './campaign.decider';
import type { CampaignCommand, CustomerCommand } from './commands';
import { decideCustomer, evolveCustomer, initialCustomerState, type CustomerState } from './customer.decider';
import type { CampaignEvent, CustomerEvent } from './events';
import type { DecisionContext } from './policy';
import { decideUser, evolveUser, initialUserState, type UserState } from './user.decider';
import type { UserCommand, UserEvent } from './user.events';

export interface Decider<Command, Event, State> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  /** Throws a DomainError to refuse; returns [] when the command changes nothing. */
  decide(command: Command, state: State, context: DecisionContext): Event[];
}

export const customerDecider: Decider<CustomerCommand, CustomerEvent, CustomerState> = {
  initialState: initialCustomerState,
  evolve: evolveCustomer,
  decide: decideCustomer,
};

export const campaignDecider: Decider<CampaignCommand, CampaignEvent, CampaignState> = {
  initialState: initialCampaignState,
  evolve: evolveCampaign,
  decide: decideCampaign,
};

export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  initialState: initialUserState,
  evolve: evolveUser,
  decide: decideUser,
};

/** The state after `events`, starting from `from` (the decider's initial state by default). */
export function foldEvents<C, E, S>(
  decider: Decider<C, E, S>,
  events: readonly E[],
  from: S = decider.initialState(),
): S {
  return events.reduce((state, event) => decider.evolve(state, event), from);
}
