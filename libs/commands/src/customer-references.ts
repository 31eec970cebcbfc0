// What deciding a customer command needs from other streams, which the customer decider never
// reads: the campaign it names, the staff of the directory it routes work to, and a merge's facts.
import {
  BusinessRuleViolation,
  assertCampaignReference,
  campaignNamedBy,
  campaignStream,
  customerStream,
  userStream,
  type CampaignState,
  type CustomerCommand,
  type CustomerState,
  type DecisionContext,
  type MergeFacts,
  type UserState,
} from '@ledger/domain';
import type { CrmConfig } from '@ledger/config';
import type { MergeIndex } from './merge-index';
import type { StreamStateCache } from './stream-state-cache';

export interface ReferencedStates {
  customers: StreamStateCache<CustomerState>;
  campaigns: StreamStateCache<CampaignState>;
  users: StreamStateCache<UserState>;
}

export class CustomerReferences {
  constructor(
    private readonly states: ReferencedStates,
    private readonly mergeIndex: MergeIndex,
    private readonly config: CrmConfig,
  ) {}

  /**
   * Refuses the command when a stream it names does not allow it; otherwise the context to decide
   * it in (a merge's with the facts of both customers).
   */
  async check(command: CustomerCommand, context: DecisionContext): Promise<DecisionContext> {
    await this.checkCampaign(command, context);
    await this.checkStaff(command);
    if (command.type !== 'MergeCustomers') return context;
    return { ...context, merge: await this.mergeFacts(command.data.customerId, command.data.mergedCustomerId) };
  }

  /** Every customer merged into this one, at any depth (their data goes with this customer's erasure). */
  async mergedCustomersOf(customerId: string): Promise<string[]> {
    const group = new Set<string>([customerId]);
    const queue = [customerId];
    while (queue.length > 0) {
      const next = queue.shift() as string;
      for (const id of (await this.states.customers.load(customerStream(next))).state.mergedCustomerIds) {
        if (!group.has(id)) {
          group.add(id);
          queue.push(id);
        }
      }
    }
    group.delete(customerId);
    return [...group];
  }

  /**
   * What the other streams say about a merge (customer-merge.rules.ts decides on it): the merged
   * customer's record and group, the survivor's group, and whom each is merged into now. Read
   * without those streams' locks: they are not written; merges run one at a time (the executor's
   * merges lock).
   */
  private async mergeFacts(customerId: string, mergedCustomerId: string): Promise<MergeFacts> {
    const { state } = await this.states.customers.load(customerStream(mergedCustomerId));
    await this.mergeIndex.catchUp();
    return {
      merged: { registered: state.registered, erased: state.erased },
      mergedInto: this.mergeIndex.survivorsOf(mergedCustomerId),
      survivorMergedInto: this.mergeIndex.topSurvivorOf(customerId),
      mergedGroup: await this.mergedCustomersOf(mergedCustomerId),
      survivorGroup: await this.mergedCustomersOf(customerId),
    };
  }

  /**
   * Account managers and complaint assignees name people of the directory, active ones: a case
   * routed to someone who left would wait for nobody. With CRM_STAFF_REFERENCES=free-text (a
   * migration period) any id is taken as before.
   */
  private async checkStaff(command: CustomerCommand): Promise<void> {
    if (this.config.staffReferences === 'free-text') return;
    const [field, userId] =
      command.type === 'AssignComplaint'
        ? ['assigneeId', command.data.assigneeId]
        : command.type === 'AssignAccountManager'
          ? ['accountManagerId', command.data.accountManagerId]
          : [undefined, undefined];
    if (field === undefined || userId === undefined) return;
    const user = (await this.states.users.load(userStream(userId))).state;
    if (!user.added) {
      throw new BusinessRuleViolation('UNKNOWN_USER', `${field} '${userId}' is not a user of the directory`, field);
    }
    if (!user.active) {
      throw new BusinessRuleViolation('USER_DEACTIVATED', `${field} '${userId}' has been deactivated`, field);
    }
  }

  private async checkCampaign(command: CustomerCommand, context: DecisionContext): Promise<void> {
    const campaignId = campaignNamedBy(command);
    if (!campaignId) return;
    const campaign = await this.states.campaigns.load(campaignStream(campaignId));
    assertCampaignReference(command, campaignId, campaign.state, context.now);
  }
}
