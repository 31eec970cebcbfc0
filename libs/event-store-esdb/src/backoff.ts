// The port library's backoff (one implementation); the adapter's retry settings stay here.
export { backoffDelay, sleep, type BackoffOptions } from '@ledger/event-store';
import type { BackoffOptions } from '@ledger/event-store';

/** Between attempts of one append (claims busy, a chained append racing another writer). */
export const APPEND_RETRY_BACKOFF: BackoffOptions = { initialMs: 5, maxMs: 200 };
