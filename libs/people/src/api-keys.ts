// Machine credentials: API keys an admin creates for a channel or an integration. The key is
// 256 random bits shown once; only its SHA-256 is stored (a random secret needs no slow hash).
// Each key has one role, optionally a list of channels it may write as, and a last-used time;
// a revoked key is refused from the next request.
import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@ledger/config';
import { BusinessRuleViolation } from '@ledger/domain';
import type { Principal, RoleName } from '@ledger/http';
import type { ApiKeyRecord, CreatedApiKey } from './api';
import { SIGN_IN_STORE, type SignInStore, type StoredApiKey } from './sign-in-store';

export interface NewApiKey {
  name: string;
  role: RoleName;
  channels?: string[];
  createdBy: string;
}

// A key is stored only with a role RoleName allows (CreateApiKeyDto checks it).
const shown = ({ createdAt, revokedAt, lastUsedAt, ...key }: StoredApiKey): ApiKeyRecord => ({
  ...key,
  role: key.role as RoleName,
  createdAt: new Date(createdAt).toISOString(),
  revokedAt: revokedAt === null ? null : new Date(revokedAt).toISOString(),
  lastUsedAt: lastUsedAt === null ? null : new Date(lastUsedAt).toISOString(),
});

@Injectable()
export class ApiKeys {
  constructor(
    @Inject(SIGN_IN_STORE) private readonly store: SignInStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(request: NewApiKey): Promise<CreatedApiKey> {
    const keyId = `k-${randomBytes(9).toString('hex')}`;
    const key = `ledger_${randomBytes(32).toString('base64url')}`;
    const createdAt = this.now();
    await this.store.addApiKey(key, { keyId, createdAt, channels: request.channels ?? null, ...request });
    const record = (await this.store.apiKeys()).find((k) => k.keyId === keyId) as StoredApiKey;
    // The only time the key is ever shown.
    return { ...shown(record), key };
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (await this.store.apiKeys()).map(shown);
  }

  async revoke(keyId: string): Promise<void> {
    if (!(await this.store.revokeApiKey(keyId, this.now()))) {
      const known = (await this.store.apiKeys()).some((k) => k.keyId === keyId);
      throw new BusinessRuleViolation(
        known ? 'API_KEY_ALREADY_REVOKED' : 'UNKNOWN_API_KEY',
        known ? `API key '${keyId}' is already revoked` : `no API key '${keyId}'`,
        'keyId',
      );
    }
  }

  /** The principal of a live key, or null (unknown or revoked); read from the store at every request, never cached. */
  async authenticate(key: string): Promise<Principal | null> {
    const record = await this.store.apiKeyBySecret(key);
    if (!record || record.revokedAt !== null) return null;
    const now = this.now();
    // Last-used time to the minute is plenty, and spares a write per request.
    if (record.lastUsedAt === null || now - record.lastUsedAt > 60_000) await this.store.touchApiKey(record.keyId, now);
    const role = record.role as RoleName;
    return {
      role,
      roles: [role],
      actor: `key:${record.keyId}`,
      keyId: record.keyId,
      channels: record.channels ?? undefined,
    };
  }

  private now(): number {
    return Date.parse(this.clock.now());
  }
}
