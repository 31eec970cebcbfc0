// Commands: what channels ask the CRM to do. Ids of new things (contactId, caseId, …) are
// chosen by the caller or the command handler, never by the domain, so decide stays pure.
import type { CustomerProfile, OrderLine } from './events';
import type {
  ConsentPurpose,
  ContactChannel,
  ContactOutcome,
  Direction,
  FeedbackKind,
  Instant,
  Money,
  Severity,
} from './vocabulary';

export interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
}

/** Business time of the fact; defaults to the decision time (`now`) when omitted. */
interface Timed {
  occurredAt?: Instant;
}

export type RegisterCustomer = Command<'RegisterCustomer', CustomerProfile & Timed & { customerId: string }>;
export type UpdateCustomerProfile = Command<
  'UpdateCustomerProfile',
  Timed & { customerId: string; changes: Partial<Omit<CustomerProfile, 'kind'>> }
>;
export type GiveConsent = Command<
  'GiveConsent',
  Timed & { customerId: string; channel: ContactChannel; purpose: ConsentPurpose }
>;
export type WithdrawConsent = Command<
  'WithdrawConsent',
  Timed & { customerId: string; channel: ContactChannel; purpose: ConsentPurpose }
>;
export type AssignAccountManager = Command<
  'AssignAccountManager',
  Timed & { customerId: string; accountManagerId: string }
>;
export type FlagKeyAccount = Command<
  'FlagKeyAccount',
  Timed & { customerId: string; keyAccount: boolean; reason?: string }
>;
export type RecordContact = Command<
  'RecordContact',
  Timed & {
    customerId: string;
    contactId: string;
    channel: ContactChannel;
    direction: Direction;
    reason: string;
    agentId?: string;
    campaignId?: string;
    durationSeconds?: number;
    outcome?: ContactOutcome;
  }
>;
export type RecordPurchase = Command<
  'RecordPurchase',
  Timed & {
    customerId: string;
    orderId: string;
    lines: OrderLine[];
    /** Optional; when given it must equal the sum of the lines. */
    amount?: Money;
    currency: string;
    channel: ContactChannel;
    campaignId?: string;
    /** Id prefix for cross-sell offers this purchase triggers (offerId = `${offerIdPrefix}-${ruleId}`). */
    offerIdPrefix: string;
  }
>;
export type RecordReturn = Command<
  'RecordReturn',
  Timed & {
    customerId: string;
    /** The order returned against; omit it for an order the CRM never saw (then currency is needed). */
    orderId?: string;
    externalOrderRef?: string;
    returnId: string;
    amount: Money;
    /** Needed when orderId is absent; when given with a known order it must be the order's. */
    currency?: string;
    skus?: string[];
    reason?: string;
  }
>;
export type RequestInformation = Command<
  'RequestInformation',
  Timed & { customerId: string; requestId: string; topic: string; channel: ContactChannel; answer?: string }
>;
export type OpenComplaint = Command<
  'OpenComplaint',
  Timed & {
    customerId: string;
    caseId: string;
    category: string;
    severity: Severity;
    channel: ContactChannel;
    description: string;
    product?: string;
  }
>;
export type EscalateComplaint = Command<
  'EscalateComplaint',
  Timed & { customerId: string; caseId: string; reason: string; escalatedTo?: string }
>;
export type AssignComplaint = Command<
  'AssignComplaint',
  Timed & { customerId: string; caseId: string; assigneeId: string; note?: string }
>;
export type ResolveComplaint = Command<
  'ResolveComplaint',
  Timed & { customerId: string; caseId: string; resolution: string; resolvedBy?: string }
>;
export type GiveFeedback = Command<
  'GiveFeedback',
  Timed & {
    customerId: string;
    feedbackId: string;
    kind: FeedbackKind;
    score: number;
    comment?: string;
    product?: string;
    channel: ContactChannel;
  }
>;
export type DeliverCampaignTouch = Command<
  'DeliverCampaignTouch',
  Timed & { customerId: string; campaignId: string; touchId: string; channel: ContactChannel }
>;

/** Right to be forgotten: records CustomerErased; the command side then destroys the customer's data key. */
export type EraseCustomer = Command<'EraseCustomer', Timed & { customerId: string; reason: string }>;

/** customerId survives; mergedCustomerId's history shows under it until unmerged. */
export type MergeCustomers = Command<'MergeCustomers', Timed & { customerId: string; mergedCustomerId: string }>;
export type UnmergeCustomers = Command<'UnmergeCustomers', Timed & { customerId: string; mergedCustomerId: string }>;

export type CustomerCommand =
  | RegisterCustomer
  | UpdateCustomerProfile
  | GiveConsent
  | WithdrawConsent
  | AssignAccountManager
  | FlagKeyAccount
  | RecordContact
  | RecordPurchase
  | RecordReturn
  | RequestInformation
  | OpenComplaint
  | EscalateComplaint
  | AssignComplaint
  | ResolveComplaint
  | GiveFeedback
  | DeliverCampaignTouch
  | MergeCustomers
  | UnmergeCustomers
  | EraseCustomer;

export type LaunchCampaign = Command<
  'LaunchCampaign',
  Timed & {
    campaignId: string;
    name: string;
    channel: ContactChannel;
    startsAt: Instant;
    endsAt: Instant;
    budget: Money;
    currency: string;
  }
>;

export type CampaignCommand = LaunchCampaign;
export type CrmCommand = CustomerCommand | CampaignCommand;
