// Typed domain refusals. The HTTP layer maps each `kind` to a status code in one filter.

export type DomainErrorKind = 'not_found' | 'conflict' | 'rule_violation' | 'validation';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  abstract readonly code: string;
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnknownCustomer extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'UNKNOWN_CUSTOMER';
  constructor(readonly customerId: string) {
    super(`customer '${customerId}' is not registered`, 'customerId');
  }
}

export class UnknownCampaign extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'UNKNOWN_CAMPAIGN';
  constructor(readonly campaignId: string) {
    super(`campaign '${campaignId}' has not been launched`, 'campaignId');
  }
}

export class UnknownComplaint extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'UNKNOWN_COMPLAINT';
  constructor(readonly caseId: string) {
    super(`complaint case '${caseId}' does not exist for this customer`, 'caseId');
  }
}

export class UnknownOrder extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'UNKNOWN_ORDER';
  constructor(readonly orderId: string) {
    super(`order '${orderId}' was not purchased by this customer`, 'orderId');
  }
}

export class CustomerAlreadyRegistered extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'CUSTOMER_ALREADY_REGISTERED';
  constructor(readonly customerId: string) {
    super(`customer '${customerId}' is already registered`, 'customerId');
  }
}

export class CampaignAlreadyLaunched extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'CAMPAIGN_ALREADY_LAUNCHED';
  constructor(readonly campaignId: string) {
    super(`campaign '${campaignId}' has already been launched`, 'campaignId');
  }
}

export class ComplaintAlreadyResolved extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'COMPLAINT_ALREADY_RESOLVED';
  constructor(readonly caseId: string) {
    super(`complaint case '${caseId}' is already resolved`, 'caseId');
  }
}

/** The customer exercised the right to be forgotten: nothing more is recorded for them. */
export class CustomerWasErased extends DomainError {
  readonly kind = 'rule_violation';
  readonly code = 'CUSTOMER_ERASED';
  constructor(readonly customerId: string) {
    super(`customer '${customerId}' has been erased; nothing more can be recorded for them`, 'customerId');
  }
}

/** A business rule refused the command although the input was well-formed. */
export class BusinessRuleViolation extends DomainError {
  readonly kind = 'rule_violation';
  constructor(
    readonly code: string,
    message: string,
    field?: string,
  ) {
    super(message, field);
  }
}

export class ExpectedVersionMismatch extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'EXPECTED_VERSION_MISMATCH';
  constructor(
    readonly streamId: string,
    readonly expected: number | 'no_stream' | 'stream_exists',
    readonly actual: number | 'no_stream',
  ) {
    super(`stream '${streamId}' is at revision ${actual}, expected ${expected}`, 'If-Match');
  }
}

export class IdempotencyKeyReused extends DomainError {
  readonly kind = 'rule_violation';
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(readonly key: string) {
    super(`idempotency key '${key}' was already used for a different request`, 'Idempotency-Key');
  }
}

export interface FieldProblem {
  field: string;
  reason: string;
}

/** Input that is malformed. Raised by the domain for cross-field checks (e.g. a period that ends before it starts). */
export class ValidationFailed extends DomainError {
  readonly kind = 'validation';
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.reason}`).join('; '), problems[0]?.field);
  }
}

/** A complaint case id may be opened only once per customer; a second open is a caller mistake, not a retry. */
export class ComplaintAlreadyOpened extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'COMPLAINT_ALREADY_OPENED';
  constructor(readonly caseId: string) {
    super(`complaint case '${caseId}' has already been opened`, 'caseId');
  }
}

/** An order id may be recorded only once per customer, so revenue is never counted twice. */
export class OrderAlreadyRecorded extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'ORDER_ALREADY_RECORDED';
  constructor(readonly orderId: string) {
    super(`order '${orderId}' has already been recorded`, 'orderId');
  }
}

export class UnknownUser extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'UNKNOWN_USER';
  constructor(
    readonly userId: string,
    field = 'userId',
  ) {
    super(`user '${userId}' is not in the directory`, field);
  }
}

export class UserAlreadyAdded extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'USER_ALREADY_ADDED';
  constructor(readonly userId: string) {
    super(`a user with this email is already in the directory (user '${userId}')`, 'email');
  }
}
