// Given/When/Then for deciders: given past events, when a command is decided, then these events
// (or this refusal). Tests state business rules in business terms, with no store in between.
import type { Decider } from '../decider';
import { campaignDecider, customerDecider, userDecider } from '../decider';
import type { DomainError } from '../errors';
import { DEFAULT_POLICY, type CrmPolicy, type DecisionContext } from '../policy';

export const TEST_NOW = '2026-03-01T12:00:00.000Z';

export const testContext = (now: string = TEST_NOW, policy: CrmPolicy = DEFAULT_POLICY): DecisionContext => ({
  now,
  policy,
});

type ErrorClass = abstract new (...args: never[]) => DomainError;

export interface Outcome<E> {
  /** Asserts the decision produced exactly these events, in order. */
  then(expected: E[]): void;
  /** Asserts the decision was refused with this error class and, optionally, these properties (code, field, …). */
  thenThrows(errorClass: ErrorClass, expected?: Partial<Record<'code' | 'field' | 'kind', string>>): void;
  /** The events decided, for assertions the two above cannot express. */
  events(): E[];
}

export interface Scenario<C, E> {
  when(command: C, context?: DecisionContext): Outcome<E>;
}

/** `const given = givenFor(customerDecider); given([registered]).when(command).then([...])`. */
export function givenFor<C, E, S>(decider: Decider<C, E, S>): (events?: E[]) => Scenario<C, E> {
  return (events = []) => ({
    when(command, context = testContext()) {
      // Folding happens inside each assertion so a throwing `given` fails the test where it is read.
      const decide = (): E[] => {
        const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
        const decided = decider.decide(command, state, context);
        // Whatever is decided must fold cleanly onto the state it was decided from.
        decided.reduce((s, e) => decider.evolve(s, e), state);
        return decided;
      };
      return {
        then: (expected) => expect(decide()).toEqual(expected),
        thenThrows(errorClass, expected) {
          let thrown: unknown;
          try {
            decide();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(errorClass);
          if (expected) expect(thrown).toMatchObject(expected);
        },
        events: decide,
      };
    },
  });
}

export const givenCustomer = givenFor(customerDecider);
export const givenUser = givenFor(userDecider);
export const givenCampaign = givenFor(campaignDecider);
