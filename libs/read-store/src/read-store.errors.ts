// Typed refusals of the read store. A malformed request (bad filter, paging or document) is a
// validation error naming the field, so a query built from client input maps to a 4xx.
import { DomainError } from '@ledger/domain';

/** The request is outside what the port accepts; nothing was read or written. */
export class InvalidReadStoreRequest extends DomainError {
  readonly kind = 'validation';
  readonly code = 'INVALID_READ_STORE_REQUEST';
  constructor(message: string, field?: string) {
    super(message, field);
  }
}

/** The store was closed; infrastructure state, not a client mistake (maps to 503, not 4xx). */
export class ReadStoreClosed extends Error {
  constructor() {
    super('the read store is closed');
    this.name = 'ReadStoreClosed';
  }
}
