// API keys as GET /admin/api-keys lists them and POST /admin/api-keys answers: the server's own
// types (libs/people api), imported type-only.
export type { ApiKeyRecord, ApiKeysAnswer, CreatedApiKey } from '@ledger/people/api';

/** Revoking asks the admin to type the key's name, as erasing asks for the customer id. */
export const revokeConfirmed = (name: string, typed: string): boolean => typed.trim() === name.trim();
