// The customer decider: what a command means given the customer's history. Refusals are typed
// errors (errors.ts); "already so" is an empty list, so a repeated intent appends nothing.
// Every event's data carries customerId and occurredAt (business time, defaulting to context.now).
import { assertPlausibleBirthDate, resolveOccurredAt } from './business-time';
import type {
  CustomerCommand,
  DeliverCampaignTouch,
  GiveFeedback,
  RecordContact,
  RegisterCustomer,
  RequestInformation,
  UpdateCustomerProfile,
} from './commands';
import { consentOf, type CustomerState } from './customer.state';
import { recordPurchase, recordReturn } from './customer-sales.rules';
import { assignComplaint, escalateComplaint, openComplaint, resolveComplaint } from './customer-service.rules';
import { decideMerge } from './customer-merge.rules';
import { compact, invalid } from './decision-helpers';
import { BusinessRuleViolation, CustomerAlreadyRegistered, CustomerWasErased, UnknownCustomer } from './errors';
import type { CustomerEvent, CustomerProfile } from './events';
import { validSku } from './order-lines';
import type { CrmPolicy, DecisionContext } from './policy';
import type { ConsentPurpose, ContactChannel, Instant } from './vocabulary';

export {
  consentKey,
  consentOf,
  evolveCustomer,
  hasBought,
  initialCustomerState,
  orderHasSku,
  orderSkus,
  skusBought,
  type ComplaintCase,
  type ConsentStatus,
  type CustomerState,
  type OrderRecord,
  type PendingOffer,
} from './customer.state';

export function decideCustomer(
  command: CustomerCommand,
  state: CustomerState,
  context: DecisionContext,
): CustomerEvent[] {
  if (state.erased) {
    if (command.type === 'EraseCustomer') return []; // a retried erasure request is already done
    throw new CustomerWasErased(command.data.customerId);
  }
  if (command.type === 'RegisterCustomer') return registerCustomer(command.data, state, context);
  if (!state.registered) throw new UnknownCustomer(command.data.customerId);
  const occurredAt = resolveOccurredAt(command.data.occurredAt, context.now);
  const { customerId } = command.data;
  switch (command.type) {
    case 'UpdateCustomerProfile':
      assertPlausibleBirthDate(command.data.changes?.birthDate, context.now);
      return updateProfile(command.data, state, occurredAt);
    case 'GiveConsent':
    case 'WithdrawConsent':
      return changeConsent(command.type, command.data, state, occurredAt);
    case 'AssignAccountManager': {
      const { accountManagerId } = command.data;
      if (state.accountManagerId === accountManagerId) return [];
      return [{ type: 'AccountManagerAssigned', data: { customerId, accountManagerId, occurredAt } }];
    }
    case 'FlagKeyAccount': {
      const { keyAccount, reason } = command.data;
      if (state.keyAccount === keyAccount) return [];
      return [{ type: 'KeyAccountFlagged', data: compact({ customerId, keyAccount, reason, occurredAt }) }];
    }
    case 'RecordContact':
      return recordContact(command.data, state, occurredAt);
    case 'RecordPurchase':
      return recordPurchase(command.data, state, occurredAt, context.policy);
    case 'RecordReturn':
      return recordReturn(command.data, state, occurredAt, context.policy);
    case 'RequestInformation':
      return requestInformation(command.data, occurredAt);
    case 'OpenComplaint':
      return openComplaint(command.data, state, occurredAt, context.policy);
    case 'EscalateComplaint':
      return escalateComplaint(command.data, state, occurredAt);
    case 'AssignComplaint':
      return assignComplaint(command.data, state, occurredAt);
    case 'ResolveComplaint':
      return resolveComplaint(command.data, state, occurredAt);
    case 'GiveFeedback':
      return giveFeedback(command.data, occurredAt, context.policy);
    case 'DeliverCampaignTouch':
      return deliverCampaignTouch(command.data, state, occurredAt);
    case 'MergeCustomers':
    case 'UnmergeCustomers':
      // The merge is recorded here, in the survivor's stream; the other streams' facts come in.
      return decideMerge(command, state, occurredAt, context.merge);
    case 'EraseCustomer':
      return [{ type: 'CustomerErased', data: { customerId, reason: command.data.reason, occurredAt } }];
  }
}

// Kind is fixed at registration (a person does not become an organisation); these can change.
const PROFILE_FIELDS = ['name', 'email', 'phone', 'birthDate', 'gender', 'city', 'country'] as const;

function registerCustomer(
  data: RegisterCustomer['data'],
  state: CustomerState,
  context: DecisionContext,
): CustomerEvent[] {
  if (state.registered) throw new CustomerAlreadyRegistered(data.customerId);
  const occurredAt = resolveOccurredAt(data.occurredAt, context.now);
  assertPlausibleBirthDate(data.birthDate, context.now);
  const { customerId, kind, name, email, phone, birthDate, gender, city, country } = data;
  return [
    {
      type: 'CustomerRegistered',
      data: compact({ customerId, kind, name, email, phone, birthDate, gender, city, country, occurredAt }),
    },
  ];
}

/** Records only the fields that actually change, so projections never see phantom updates. */
function updateProfile(
  data: UpdateCustomerProfile['data'],
  state: CustomerState,
  occurredAt: Instant,
): CustomerEvent[] {
  const changes: Partial<Record<(typeof PROFILE_FIELDS)[number], unknown>> = {};
  for (const field of PROFILE_FIELDS) {
    const value = data.changes?.[field];
    if (value !== undefined && value !== state.profile?.[field]) changes[field] = value;
  }
  if (Object.keys(changes).length === 0) return [];
  const typed = changes as Partial<Omit<CustomerProfile, 'kind'>>;
  return [{ type: 'CustomerProfileUpdated', data: { customerId: data.customerId, changes: typed, occurredAt } }];
}

function changeConsent(
  type: 'GiveConsent' | 'WithdrawConsent',
  data: { customerId: string; channel: ContactChannel; purpose: ConsentPurpose },
  state: CustomerState,
  occurredAt: Instant,
): CustomerEvent[] {
  const { customerId, channel, purpose } = data;
  const target = type === 'GiveConsent' ? 'given' : 'withdrawn';
  // Idempotent by state: re-sending a consent form changes nothing and records nothing.
  if (consentOf(state, channel, purpose) === target) return [];
  const eventData = { customerId, channel, purpose, occurredAt };
  return [
    type === 'GiveConsent' ? { type: 'ConsentGiven', data: eventData } : { type: 'ConsentWithdrawn', data: eventData },
  ];
}

/** Marketing on a channel the customer opted out of is refused; never asked is not the same as no. */
function assertMarketingAllowed(state: CustomerState, channel: ContactChannel): void {
  if (consentOf(state, channel, 'marketing') === 'withdrawn') {
    throw new BusinessRuleViolation(
      'CONSENT_WITHDRAWN',
      `the customer has withdrawn consent to marketing via '${channel}'`,
      'channel',
    );
  }
}

function recordContact(data: RecordContact['data'], state: CustomerState, occurredAt: Instant): CustomerEvent[] {
  // An outbound contact on behalf of a campaign is marketing; an inbound reply to a campaign is not.
  if (data.direction === 'outbound' && data.campaignId) assertMarketingAllowed(state, data.channel);
  const { customerId, contactId, channel, direction, reason, agentId, campaignId, durationSeconds, outcome } = data;
  const contact = {
    customerId,
    contactId,
    channel,
    direction,
    reason,
    agentId,
    campaignId,
    durationSeconds,
    outcome,
    occurredAt,
  };
  return [{ type: 'ContactRecorded', data: compact(contact) }];
}

function requestInformation(data: RequestInformation['data'], occurredAt: Instant): CustomerEvent[] {
  const { customerId, requestId, topic, channel, answer } = data;
  return [
    { type: 'InformationRequested', data: compact({ customerId, requestId, topic, channel, answer, occurredAt }) },
  ];
}

const SCORE_RANGE = { csat: [1, 5], nps: [0, 10] } as const;

function giveFeedback(data: GiveFeedback['data'], occurredAt: Instant, policy: CrmPolicy): CustomerEvent[] {
  const range = SCORE_RANGE[data.kind];
  if (!range) throw invalid('kind', `kind must be one of: ${Object.keys(SCORE_RANGE).join(', ')}`);
  const [min, max] = range;
  if (!Number.isInteger(data.score) || data.score < min || data.score > max) {
    throw invalid('score', `a ${data.kind} score is a whole number from ${min} to ${max}`);
  }
  // The product as purchase lines name it (`BANK CHARGES`, Persian), so the catalogue can join them.
  if (data.product !== undefined) validSku(data.product, 'product', policy.sales);
  const { customerId, feedbackId, kind, score, comment, product, channel } = data;
  return [
    {
      type: 'FeedbackGiven',
      data: compact({ customerId, feedbackId, kind, score, comment, product, channel, occurredAt }),
    },
  ];
}

function deliverCampaignTouch(
  data: DeliverCampaignTouch['data'],
  state: CustomerState,
  occurredAt: Instant,
): CustomerEvent[] {
  assertMarketingAllowed(state, data.channel);
  const { customerId, campaignId, touchId, channel } = data;
  return [{ type: 'CampaignTouchDelivered', data: { customerId, campaignId, touchId, channel, occurredAt } }];
}
