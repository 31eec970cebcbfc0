// The shapes of the people feature's answers the console reads: API keys and the sign-in
// methods. Types only, free of NestJS and storage, so the console imports them
// (`@ledger/people/api`, erased from its bundle) instead of copying them.
import type { RoleName } from '@ledger/http/api';

/** An API key as GET /admin/api-keys lists it: never the key itself, instants as ISO strings. */
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

/** GET /admin/api-keys. */
export interface ApiKeysAnswer {
  items: ApiKeyRecord[];
}

/** GET /auth/methods: password always, single sign-on when configured. */
export interface SignInMethods {
  password: true;
  sso: { name: string; startUrl: string } | null;
}
