// API keys as GET /admin/api-keys lists them and POST /admin/api-keys answers (libs/people).
import type { RoleName } from '../../api/types';

export interface ApiKeyRecord {
  keyId: string;
  name: string;
  role: RoleName;
  /** The X-Source-Channel values the key may write as; null: any. */
  channels: string[] | null;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The answer to creating a key: the only time `key` is ever sent. */
export interface CreatedApiKey extends ApiKeyRecord {
  key: string;
}

/** Revoking asks the admin to type the key's name, as erasing asks for the customer id. */
export const revokeConfirmed = (name: string, typed: string): boolean => typed.trim() === name.trim();
