// `--dry-run`: parsing, mapping and validation, nothing written. Besides each body's validation,
// every customer command goes through the CRM's decider, with the policy the CRM would use, so the
// values only the decider checks (a SKU's characters and length, the quantity limit, line totals
// against unit prices, a return's amount) are refused as an import refuses them. What depends on
// the customer's history (an order recorded twice, a return of an order recorded before) is not
// checked: each command is decided alone, on a customer just registered, and no log is read.
import { prepareItems } from '@ledger/commands/batch-prepare';
import { runItem, type BatchItem, type BatchItemResult } from '@ledger/commands/embedded';
import { loadConfig, systemClock, type Clock } from '@ledger/config';
import {
  UnknownCustomer,
  ValidationFailed,
  decideCustomer,
  evolveCustomer,
  initialCustomerState,
  type CrmPolicy,
  type CustomerCommand,
  type CustomerState,
} from '@ledger/domain';
import { IMPORT_CALLER, type Sink } from './sinks';

/** Customers whose registration was refused, remembered at most: past it, their later rows pass. */
const MAX_UNREGISTERED = 100_000;

/** The commands the importer's presets make: each is decided, its values refused as the CRM refuses them. */
const DECIDED = new Set<string>([
  'RegisterCustomer',
  'RecordPurchase',
  'RecordReturn',
  'RecordContact',
  'GiveFeedback',
]);

/** A customer as just registered, long ago: the state on which the values of their commands are checked. */
const registered = (customerId: string): CustomerState =>
  evolveCustomer(initialCustomerState(), {
    type: 'CustomerRegistered',
    data: { customerId, kind: 'person', name: customerId, occurredAt: '1900-01-01T00:00:00.000Z' },
  });

/** Validates, maps and checks every item, writes nothing: reports 200 for what would be sent. */
export class DryRunSink implements Sink {
  /**
   * Customers whose registration this run refused: the CRM would not know them, so their commands
   * are refused as it refuses them, and their rows rejected as an import rejects them.
   */
  private readonly unregistered = new Set<string>();
  private readonly policy: CrmPolicy;

  constructor(
    env: Record<string, string | undefined> = process.env,
    private readonly clock: Clock = systemClock,
  ) {
    this.policy = loadConfig(env).policy;
  }

  async send(items: BatchItem[]): Promise<BatchItemResult[]> {
    const prepared = await prepareItems(items, IMPORT_CALLER);
    const results: BatchItemResult[] = [];
    for (const [index, item] of prepared.entries()) {
      const { command, customerId, body } = items[index];
      const refusal =
        'problems' in item
          ? undefined
          : customerId !== undefined && this.unregistered.has(customerId)
            ? new UnknownCustomer(customerId)
            : this.refusedValues(item.command);
      // A refused item is answered as the CRM answers it; nothing is run for the others.
      if ('problems' in item || refusal) {
        results.push(await runItem(item, index, () => Promise.reject(refusal ?? new Error('unreachable'))));
        const registering = body['customerId'];
        if (command === 'RegisterCustomer' && typeof registering === 'string') this.forget(registering);
      } else {
        results.push({ index, status: 200, ...(item.options.warnings ? { warnings: item.options.warnings } : {}) });
      }
    }
    return results;
  }

  async close(): Promise<void> {}

  /** What the decider refuses in the command's own values (ValidationFailed); nothing else is known here. */
  private refusedValues(command: { type: string; data: unknown }): ValidationFailed | undefined {
    if (!DECIDED.has(command.type)) return undefined;
    const customer = command as CustomerCommand;
    const state = customer.type === 'RegisterCustomer' ? initialCustomerState() : registered(customer.data.customerId);
    try {
      decideCustomer(customer, state, { now: this.clock.now(), policy: this.policy });
      return undefined;
    } catch (error) {
      return error instanceof ValidationFailed ? error : undefined;
    }
  }

  private forget(customerId: string): void {
    if (this.unregistered.size < MAX_UNREGISTERED) this.unregistered.add(customerId);
  }
}
