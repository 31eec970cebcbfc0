// Runs many customer commands as one unit of work (a POST /commands/batch, a chunk of the
// importer): the commands are decided in order on the customers' states (the executor's cache in
// the CRM; states kept in memory by the importer, sole writer of a data directory), new
// customers' keys are stored together, and every append is handed to the store in the same
// turn, so the group commit writes them in one durable transaction (a stream's consecutive
// commands in one append). Each append still carries its expected revision: a concurrent writer
// makes it fail, and its commands are run again. Idempotency is per command as everywhere: a
// command whose first event is already in the log answers as a replay and is not decided again,
// so a resumed import writes nothing twice. Commands this path does not decide (campaigns, users,
// merges, staff assignments) and appends refused by the store (another writer got there first)
// go through the executor.
import { performance } from 'node:perf_hooks';
import {
  assertCampaignReference,
  campaignNamedBy,
  campaignStream,
  customerStream,
  decideCustomer,
  evolveCampaign,
  evolveCustomer,
  initialCampaignState,
  upcast,
  type CampaignEvent,
  type CampaignState,
  type CustomerCommand,
  type CustomerState,
  type DecisionContext,
  type NewEvent,
} from '@ledger/domain';
import type { Clock, CrmConfig } from '@ledger/config';
import { storedEventIds, type EventStore } from '@ledger/event-store';
import { toBody } from '@ledger/http/error-body';
import type { PersonalDataVault } from '@ledger/personal-data';
import { runItem, type BatchItemResult, type PreparedItem } from './batch-items';
import { earlierResult, firstEventId, toResult, unchangedResult, withWarnings } from './command-results';
import type { CommandOptions, CommandResult, DomainCommand } from './command-executor';
import { OwnedCustomerStates, type CustomerStates } from './batch-states';
import { eventsToAppend } from './command-events';
import type { StreamState } from './stream-state-cache';

export type Execute = (command: DomainCommand, options: CommandOptions) => Promise<CommandResult>;

/** Customer commands decided here; the rest need lookups the executor owns (staff, merge chains). */
const BULK_COMMANDS = new Set<DomainCommand['type']>([
  'RegisterCustomer',
  'UpdateCustomerProfile',
  'GiveConsent',
  'WithdrawConsent',
  'FlagKeyAccount',
  'RecordContact',
  'RecordPurchase',
  'RecordReturn',
  'DeliverCampaignTouch',
  'GiveFeedback',
  'RequestInformation',
  'OpenComplaint',
  'EscalateComplaint',
  'ResolveComplaint',
]);

/** An item this path decides (valid, and one of BULK_COMMANDS); the others go to the executor. */
const decidedHere = (item: PreparedItem): item is Planned['prepared'] =>
  !('problems' in item) && BULK_COMMANDS.has(item.command.type);

interface Planned {
  index: number;
  prepared: { command: CustomerCommand; options: CommandOptions };
  streamId: string;
  before: StreamState<CustomerState>;
  /** The state after this command's events (its position is known once they are appended). */
  after: StreamState<CustomerState>;
  events: NewEvent[];
}

export class BulkCommandWriter {
  /** Launched campaigns (a launch is final); few, and only read here. */
  private readonly campaigns = new Map<string, CampaignState>();

  constructor(
    private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly config: CrmConfig,
    private readonly clock: Clock,
    /** Runs one command the ordinary way (lock, fresh state, retries). */
    private readonly execute: Execute,
    private readonly states: CustomerStates = new OwnedCustomerStates(store, vault),
    /** Told of every command decided here (the executor tells of those it runs): /metrics. */
    private readonly observe?: (command: string, outcome: 'ok' | 'refused', seconds: number) => void,
  ) {}

  /** One outcome per item, in order; what was written is durable when this resolves. */
  async run(items: PreparedItem[]): Promise<BatchItemResult[]> {
    const started = performance.now();
    const results: BatchItemResult[] = new Array<BatchItemResult>(items.length);
    /** Items run by the executor, which times them itself. */
    const handedOn = new Set<number>();
    const context: DecisionContext = { now: this.clock.now(), policy: this.config.policy };
    let planned: Planned[] = [];
    /** Working state of the streams this chunk touched, ahead of the store until the commit. */
    let working = new Map<string, StreamState<CustomerState>>();
    let commandIds = new Set<string>();
    // The keyed commands' first event ids; those decided here are asked of the store together
    // (one question instead of one look-up per command), and only the ids found go on to
    // earlierResult (the executor looks its own items up itself). What this chunk then writes
    // (or hands to the executor) is added to the answer, so it is never asked again. A writer
    // outside this chunk (another request) is caught by the store instead: its append answers as
    // deduplicated or refused, and the command goes to the executor (commit()).
    // Commands on streams known to hold no events (an import's new customers) are not asked: no
    // command of theirs can have been written. Their key can only sit in another stream (reused
    // for another request): then the append fails on the stored event id, and the executor, which
    // looks its items up, answers it.
    const firstIds = items.map((item) =>
      'problems' in item || !item.options.idempotencyKeyGiven ? undefined : firstEventId(item.options),
    );
    /** The stream of each command decided here. */
    const streams = items.map((item) => (decidedHere(item) ? customerStream(item.command.data.customerId) : undefined));
    const empty = (await this.states.prefetch?.(streams.filter((id) => id !== undefined))) ?? new Set<string>();
    const stored = await storedEventIds(
      this.store,
      firstIds.filter((id, i): id is string => id !== undefined && streams[i] !== undefined && !empty.has(streams[i])),
    );
    const mayBeStored = (index: number) => {
      const id = firstIds[index];
      if (id !== undefined) stored.add(id);
    };
    const commit = async () => {
      for (const p of planned) mayBeStored(p.index);
      await this.commit(planned, results, handedOn);
      planned = [];
      working = new Map();
      commandIds = new Set();
    };
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      if (!decidedHere(item)) {
        if (!('problems' in item)) {
          await commit(); // in order with what came before it
          handedOn.add(index);
          mayBeStored(index);
        }
        results[index] = await runItem(item, index, this.execute);
        if (!('problems' in item)) this.forgetTouched(item.command);
        continue;
      }
      const prepared = item;
      // The same key twice in one chunk: the first must be in the log before the second is looked up.
      if (commandIds.has(prepared.options.commandId)) await commit();
      commandIds.add(prepared.options.commandId);
      const streamId = customerStream(prepared.command.data.customerId);
      try {
        const firstId = firstIds[index];
        const earlier =
          firstId !== undefined && stored.has(firstId)
            ? await earlierResult(this.store, streamId, prepared.options)
            : null;
        if (earlier) {
          results[index] = { index, status: 200, result: withWarnings(earlier, prepared.options) };
          continue;
        }
        const before = working.get(streamId) ?? (await this.states.load(streamId));
        await this.checkCampaign(prepared.command, context);
        const decided = decideCustomer(prepared.command, before.state, context);
        if (decided.length === 0) {
          results[index] = {
            index,
            status: 200,
            result: withWarnings(unchangedResult(streamId, before, prepared.options), prepared.options),
          };
          continue;
        }
        let state = before.state;
        for (const event of decided) state = evolveCustomer(state, event);
        const after = { state, revision: before.revision + decided.length, lastPosition: before.lastPosition };
        planned.push({
          index,
          prepared,
          streamId,
          before,
          after,
          events: eventsToAppend(decided, prepared.options, firstId),
        });
        working.set(streamId, after);
      } catch (error) {
        const body = toBody(error);
        if (body.statusCode >= 500) throw error;
        results[index] = { index, status: body.statusCode, error: body };
      }
    }
    await commit();
    const seconds = (performance.now() - started) / 1000;
    items.forEach((item, i) => {
      // A batch item waited as long as its batch: that is its latency.
      if (!('problems' in item) && !handedOn.has(i))
        this.observe?.(item.command.type, results[i].status < 400 ? 'ok' : 'refused', seconds);
    });
    return results;
  }

  /** Forgets the states of the customers a command run by the executor may have written. */
  private forgetTouched(command: DomainCommand): void {
    const data = command.data as { customerId?: unknown; mergedCustomerId?: unknown };
    for (const id of [data.customerId, data.mergedCustomerId])
      if (typeof id === 'string') this.states.forget(customerStream(id));
  }

  private async commit(planned: Planned[], results: BatchItemResult[], handedOn: Set<number>): Promise<void> {
    if (planned.length === 0) return;
    // New customers' keys are created here, all in one key-store transaction, and are durable
    // before any event sealed with them is appended.
    const sealed = await Promise.all(planned.map((p) => Promise.all(p.events.map((e) => this.vault.seal(e)))));
    // Appended in one turn: the group commit writes them in one transaction (several when the
    // chunk holds more appends than the store's batch limit), each checked against its expected
    // revision. A stream's consecutive commands (a customer's registration and orders, as exports
    // list them) are one append: the same events in the same order, with one revision check,
    // stream-head update and outcome for them all instead of one each.
    const runs = consecutiveRuns(planned);
    const appended = await Promise.allSettled(
      runs.map((run) => {
        const { streamId, before } = planned[run[0]];
        const events = run.length === 1 ? sealed[run[0]] : run.flatMap((k) => sealed[k]);
        return this.store.append(streamId, events, before.revision < 0 ? 'no_stream' : before.revision);
      }),
    );
    const refused = new Set<string>();
    const retries: Planned[] = [];
    runs.forEach((run, r) => {
      const outcome = appended[r];
      const { streamId } = planned[run[0]];
      // Deduplicated: another request stored these commands' events meanwhile. The executor tells
      // a replay (200) from a key reused for another request (refused), on the stream as it is.
      if (outcome.status === 'rejected' || outcome.value.deduplicated || refused.has(streamId)) {
        refused.add(streamId);
        for (const k of run) retries.push(planned[k]);
        return;
      }
      const { positions, nextExpectedRevision } = outcome.value;
      // What the result names of each event; the events themselves are not copied.
      let offset = 0;
      const first = nextExpectedRevision - positions.length + 1;
      for (const k of run) {
        const p = planned[k];
        const recorded = p.events.map(({ eventId, type }, i) => ({
          eventId,
          type,
          revision: first + offset + i,
          position: positions[offset + i],
        }));
        offset += p.events.length;
        results[p.index] = {
          index: p.index,
          status: 201,
          result: withWarnings(toResult(p.prepared.options.commandId, streamId, recorded, false), p.prepared.options),
        };
      }
      // Kept as folded while deciding, not folded again: a purchase's fold copies the customer's
      // orders. The run's last command left the stream as it now is.
      const last = planned[run[run.length - 1]];
      this.states.keep(streamId, { ...last.after, lastPosition: positions[positions.length - 1] });
    });
    // Another writer changed these streams: what this chunk decided for them is void; each of
    // their commands is decided again, in order, on the stream as it now is.
    for (const streamId of refused) this.states.forget(streamId);
    for (const p of retries) {
      handedOn.add(p.index);
      results[p.index] = await runItem(p.prepared, p.index, this.execute);
    }
  }

  /** As the executor checks (assertCampaignReference), on launched campaigns kept here. */
  private async checkCampaign(command: CustomerCommand, context: DecisionContext): Promise<void> {
    const campaignId = campaignNamedBy(command);
    if (!campaignId) return;
    let campaign = this.campaigns.get(campaignId);
    if (!campaign) {
      campaign = initialCampaignState();
      for (const event of await this.store.readStream(campaignStream(campaignId)))
        campaign = evolveCampaign(campaign, upcast(event) as CampaignEvent);
      // Campaigns are few and not written by this path; an unknown one is asked again next time.
      if (campaign.launched) this.campaigns.set(campaignId, campaign);
    }
    assertCampaignReference(command, campaignId, campaign, context.now);
  }
}

/** Indexes of `planned`, in order, cut where the stream changes. */
function consecutiveRuns(planned: readonly Planned[]): number[][] {
  const runs: number[][] = [];
  planned.forEach((p, k) => {
    const run = runs[runs.length - 1];
    if (run && planned[run[0]].streamId === p.streamId) run.push(k);
    else runs.push([k]);
  });
  return runs;
}
