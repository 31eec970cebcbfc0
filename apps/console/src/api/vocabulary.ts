// The closed sets the API validates against, mirrored for the forms' pick lists and checks.
// vocabulary.spec.ts fails when they drift from libs/domain.
export const CONTACT_CHANNELS = ['phone', 'web', 'email', 'sms', 'social', 'chat', 'in_person', 'fax'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const DIRECTIONS = ['inbound', 'outbound'] as const;
export const CONSENT_PURPOSES = ['marketing', 'service', 'research'] as const;
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
export const FEEDBACK_KINDS = ['csat', 'nps'] as const;

/** The API's id pattern (libs/commands dto/fields.ts). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
/** Roles a person of the directory may hold (libs/domain user.events). */
export const STAFF_ROLES = ['agent', 'analyst', 'auditor', 'admin'] as const;
/** Roles an API key may have: the staff roles and `channel`, for systems that only record facts. */
export const KEY_ROLES = ['channel', 'agent', 'analyst', 'auditor', 'admin'] as const;
/** Derived events other systems can subscribe to by webhook (libs/derived-events). */
export const DERIVED_EVENT_TYPES = [
  'CustomerEnteredSegment',
  'CustomerLeftSegment',
  'CustomerEnteredLifecycleStage',
  'CustomerLeftLifecycleStage',
] as const;
