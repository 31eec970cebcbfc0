// The CRM's shared vocabulary: channels, directions, purposes and other closed sets
// that commands, events, projections and HTTP validation all agree on.

export const CONTACT_CHANNELS = ['phone', 'web', 'email', 'sms', 'social', 'chat', 'in_person', 'fax'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const CONSENT_PURPOSES = ['marketing', 'service', 'research'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CUSTOMER_KINDS = ['person', 'organisation'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

export const GENDERS = ['female', 'male', 'diverse', 'undisclosed'] as const;
export type Gender = (typeof GENDERS)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONTACT_OUTCOMES = [
  'resolved',
  'follow_up',
  'sale',
  'no_answer',
  'voicemail',
  'escalated',
  'information_given',
  'other',
] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const FEEDBACK_KINDS = ['csat', 'nps'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** ISO-8601 instant, always UTC with milliseconds: `2026-11-23T08:00:00.000Z`. */
export type Instant = string;

/** Amounts in the currency's major unit; how they are summed exactly: money.ts. */
export type Money = number;

export const customerStream = (customerId: string): string => `customer-${customerId}`;
export const campaignStream = (campaignId: string): string => `campaign-${campaignId}`;

export const isCustomerStream = (streamId: string): boolean => streamId.startsWith('customer-');
export const isCampaignStream = (streamId: string): boolean => streamId.startsWith('campaign-');

/** Rounds a derived amount (an average, a prediction) to cents for display; sums use addMoney (money.ts). */
export const roundMoney = (amount: number): Money => Math.round(amount * 100) / 100;
