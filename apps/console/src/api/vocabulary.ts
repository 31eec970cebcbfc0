// The closed sets the API validates against, for the forms' pick lists and checks. The domain's
// vocabulary module is pure, so the bundle takes its lists as they are; the roles and derived
// event types live in server modules the bundle must not carry, so they are spelt here and held
// to the server's types at compile time (allOf).
import type { StaffRole } from '@ledger/domain';
import type { DerivedEventType } from '@ledger/derived-events/api';
import type { RoleName } from '@ledger/http/api';
import { allOf } from './closed-set';

export {
  CONSENT_PURPOSES,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  CUSTOMER_KINDS,
  DIRECTIONS,
  FEEDBACK_KINDS,
  GENDERS,
  SEVERITIES,
} from '@ledger/domain/vocabulary';
export type { ContactChannel, Severity } from '@ledger/domain/vocabulary';

/** The API's id pattern (libs/commands dto/fields.ts; e2e/forms-agree-with-api.spec.ts holds them equal). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
/** Roles a person of the directory may hold. */
export const STAFF_ROLES = allOf<StaffRole>()(['agent', 'analyst', 'auditor', 'admin']);
/** Roles an API key may have: the staff roles and `channel`, for systems that only record facts. */
export const KEY_ROLES = allOf<RoleName>()(['channel', 'agent', 'analyst', 'auditor', 'admin']);
/** Derived events other systems can subscribe to by webhook. */
export const DERIVED_EVENT_TYPES = allOf<DerivedEventType>()([
  'CustomerEnteredSegment',
  'CustomerLeftSegment',
  'CustomerEnteredLifecycleStage',
  'CustomerLeftLifecycleStage',
]);
