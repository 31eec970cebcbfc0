// Runs a command against its stream: idempotency check, load state, decide, append with
// optimistic concurrency, fold the result back. This is the seam between HTTP and domain:
// controllers call `execute` directly (no bus in between, it would decide nothing).
import { performance } from 'node:perf_hooks';
import {
  ExpectedVersionMismatch,
  decideUser,
  evolveUser,
  initialUserState,
  userStream,
  type UserCommand,
  type UserState,
  campaignStream,
  customerStream,
  decideCampaign,
  decideCustomer,
  evolveCampaign,
  evolveCustomer,
  initialCampaignState,
  initialCustomerState,
  type CampaignCommand,
  type CampaignState,
  type CrmEvent,
  type CustomerCommand,
  type CustomerState,
  type DecisionContext,
  type FieldProblem,
  type RecordedEvent,
} from '@ledger/domain';
import type { CrmConfig, Clock } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import type { Metrics } from '@ledger/http';
import type { PersonalDataVault } from '@ledger/personal-data';
import { eventsToAppend } from './command-events';
import { earlierResult, toResult, unchangedResult, withWarnings } from './command-results';
import { CustomerReferences } from './customer-references';
import { KeyedLock } from './keyed-lock';
import { MergeIndex } from './merge-index';
import { StreamStateCache, type StreamState } from './stream-state-cache';
import type { CommandResult } from './api';

export interface CommandOptions {
  /** The idempotency key (or a generated id when the caller sent none). */
  commandId: string;
  /**
   * False when the caller sent no idempotency key: commandId was generated for this request and
   * cannot name an earlier execution, so the log is not searched for one.
   */
  idempotencyKeyGiven: boolean;
  /** If-Match: the stream revision the caller based its decision on. */
  expectedRevision?: number;
  actor: string;
  /** The console session behind the command, when a person sent it. */
  session?: string;
  channel: string;
  correlationId?: string;
  requestHash: string;
  /** Input that was accepted as given but deserves a look (e.g. a country name not recognised). */
  warnings?: FieldProblem[];
}

export type { CommandResult } from './api';

export type DomainCommand = CustomerCommand | CampaignCommand | UserCommand;

/** Conflicts caused by concurrent writers in other processes are retried this often before giving up. */
const MAX_CONFLICT_RETRIES = 5;
/** The lock key merges share (no stream is named so). */
const MERGES_LOCK = 'merges';

/**
 * Plain TypeScript: CommandsModule provides it with a factory, so that the import CLI, which makes
 * its own, loads neither NestJS nor the metrics (prom-client) for the decorators' metadata.
 */
export class CommandExecutor {
  private readonly customers: StreamStateCache<CustomerState>;
  private readonly campaigns: StreamStateCache<CampaignState>;
  private readonly users: StreamStateCache<UserState>;
  private readonly lock = new KeyedLock();
  private readonly references: CustomerReferences;

  constructor(
    private readonly store: EventStore,
    private readonly config: CrmConfig,
    private readonly clock: Clock,
    private readonly vault: PersonalDataVault,
    private readonly metrics?: Pick<Metrics, 'observeCommand'>,
  ) {
    this.customers = new StreamStateCache(
      store,
      { initial: initialCustomerState, evolve: evolveCustomer },
      undefined,
      (events) => vault.openAll(events),
    );
    this.campaigns = new StreamStateCache(store, { initial: initialCampaignState, evolve: evolveCampaign });
    // The user state holds no personal field; opening is for symmetry with what deciders expect.
    this.users = new StreamStateCache(store, { initial: initialUserState, evolve: evolveUser }, undefined, (events) =>
      vault.openAll(events),
    );
    this.references = new CustomerReferences(
      { customers: this.customers, campaigns: this.campaigns, users: this.users },
      new MergeIndex(store),
      config,
    );
  }

  /** The customers' states, shared with the bulk path of POST /commands/batch (BulkCommandWriter). */
  customerStates(): StreamStateCache<CustomerState> {
    return this.customers;
  }

  /** Runs a customer's, a campaign's or a user's command against its stream (timed for /metrics). */
  async execute(command: DomainCommand, options: CommandOptions): Promise<CommandResult> {
    const started = performance.now();
    let outcome: 'ok' | 'refused' = 'refused';
    try {
      const result = await this.route(command, options);
      outcome = 'ok';
      return result;
    } finally {
      this.metrics?.observeCommand(command.type, outcome, (performance.now() - started) / 1000);
    }
  }

  private route(command: DomainCommand, options: CommandOptions): Promise<CommandResult> {
    switch (command.type) {
      case 'LaunchCampaign':
        return this.executeCampaign(command, options);
      case 'AddUser':
      case 'ChangeUserRoles':
      case 'ChangeUserTeam':
      case 'DeactivateUser':
      case 'ReactivateUser':
        return this.executeUser(command, options);
      default:
        return this.executeCustomer(command, options);
    }
  }

  executeUser(command: UserCommand, options: CommandOptions): Promise<CommandResult> {
    const streamId = userStream(command.data.userId);
    return this.decideAndAppend(streamId, this.users, options, async (state, context) =>
      decideUser(command, state, context),
    );
  }

  executeCustomer(command: CustomerCommand, options: CommandOptions): Promise<CommandResult> {
    const streamId = customerStream(command.data.customerId);
    const run = () =>
      this.runCommand(streamId, this.customers, options, async (state, context) =>
        decideCustomer(command, state, await this.references.check(command, context)),
      );
    // Two merges of one customer into different survivors lock different streams: merges and
    // unmerges take this lock first (always outermost, so no deadlock), one at a time.
    const merging = command.type === 'MergeCustomers' || command.type === 'UnmergeCustomers';
    return merging ? this.lock.run(MERGES_LOCK, run) : run();
  }

  executeCampaign(command: CampaignCommand, options: CommandOptions): Promise<CommandResult> {
    const streamId = campaignStream(command.data.campaignId);
    return this.runCommand(streamId, this.campaigns, options, async (state, context) =>
      decideCampaign(command, state, context),
    );
  }

  /** The result, with the warnings the mapping collected (input kept as given but worth a look). */
  private async runCommand<S>(
    streamId: string,
    cache: StreamStateCache<S>,
    options: CommandOptions,
    decide: (state: S, context: DecisionContext) => Promise<CrmEvent[]>,
  ): Promise<CommandResult> {
    return withWarnings(await this.decideAndAppend(streamId, cache, options, decide), options);
  }

  private decideAndAppend<S>(
    streamId: string,
    cache: StreamStateCache<S>,
    options: CommandOptions,
    decide: (state: S, context: DecisionContext) => Promise<CrmEvent[]>,
  ): Promise<CommandResult> {
    return this.lock.run(streamId, async () => {
      for (let attempt = 0; ; attempt++) {
        const earlier = await earlierResult(this.store, streamId, options);
        if (earlier) return earlier;
        const current = await cache.load(streamId);
        if (options.expectedRevision !== undefined && options.expectedRevision !== current.revision) {
          throw new ExpectedVersionMismatch(
            streamId,
            options.expectedRevision,
            current.revision < 0 ? 'no_stream' : current.revision,
          );
        }
        const context: DecisionContext = { now: this.clock.now(), policy: this.config.policy };
        const events = await decide(current.state, context);
        if (events.length === 0) return unchangedResult(streamId, current, options);
        try {
          return await this.append(streamId, cache, current, events, options);
        } catch (error) {
          // Another process wrote to the stream between our read and our append: decide again on fresh
          // state, unless the caller pinned the revision with If-Match (then the conflict is theirs to see).
          if (!(error instanceof ExpectedVersionMismatch) || options.expectedRevision !== undefined) throw error;
          cache.forget(streamId);
          if (attempt >= MAX_CONFLICT_RETRIES) throw error;
        }
      }
    });
  }

  private async append<S>(
    streamId: string,
    cache: StreamStateCache<S>,
    current: StreamState<S>,
    events: CrmEvent[],
    options: CommandOptions,
  ): Promise<CommandResult> {
    const newEvents = eventsToAppend(events, options);
    const expected = current.revision < 0 ? 'no_stream' : current.revision;
    // Deciders saw plaintext; the log gets the personal fields encrypted with the customer's key.
    // Resolves only once a new customer's key is durably stored (group-committed with the other
    // keys created in this turn), so no event is acknowledged under a key a crash could lose.
    const sealed = await Promise.all(newEvents.map((event) => this.vault.seal(event)));
    const result = await this.store.append(streamId, sealed, expected);
    const recordedAt = this.clock.now();
    const recorded: RecordedEvent[] = newEvents.map((event, i) => ({
      ...event,
      streamId,
      revision: result.nextExpectedRevision - newEvents.length + 1 + i,
      position: result.positions[i],
      recordedAt,
    }));
    cache.advance(streamId, current, recorded);
    return toResult(options.commandId, streamId, recorded, result.deduplicated);
  }

  /** Every customer merged into this one, at any depth (their data goes with this customer's erasure). */
  mergedCustomersOf(customerId: string): Promise<string[]> {
    return this.references.mergedCustomersOf(customerId);
  }

  /** The customer's events as stored (sealed): an erasure destroys the pooled keys they name. */
  storedEventsOf(customerId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(customerStream(customerId));
  }

  /** Drops an erased customer's cached state, which still holds their decrypted profile. */
  forgetCustomer(customerId: string): void {
    this.customers.forget(customerStream(customerId));
  }
}
