// Typed refusals of the messaging port.
import { DomainError } from '@ledger/domain';

/** A record or subscription the port does not accept; nothing was published. */
export class InvalidMessagingRequest extends DomainError {
  readonly kind = 'validation';
  readonly code = 'INVALID_MESSAGING_REQUEST';
  constructor(message: string, field?: string) {
    super(message, field);
  }
}

/** Used after close(); infrastructure state, not a client mistake. */
export class MessagingClosed extends Error {
  constructor() {
    super('the messaging client is closed');
    this.name = 'MessagingClosed';
  }
}
