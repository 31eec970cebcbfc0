// Split services that sign people in through the test OpenID provider (crm-oidc-*.e2e.ts): each
// with a data directory of its own, one event store directory, and one shared sign-in store (a
// MongoDB database on MONGODB_URI), as in distributed mode.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { OIDC_CLIENT, type TestProvider } from './oidc-provider';

export class SsoServices {
  readonly root: string;
  readonly database: string;

  constructor(
    private readonly uri: string,
    private readonly provider: TestProvider,
    private readonly callback: string,
    private readonly adminKey: string,
  ) {
    this.root = mkdtempSync(join(tmpdir(), 'ledger-sso-services-'));
    this.database = `ledger_sso_${randomBytes(4).toString('hex')}`;
  }

  /** The environment of the service `name` listening on `port` ('0': any free port). */
  env(name: string, port: string, more: Record<string, string> = {}): Record<string, string> {
    return {
      CRM_PORT: port,
      CRM_HOST: '127.0.0.1',
      CRM_LOG_LEVEL: 'silent',
      CRM_DURABILITY: 'NORMAL',
      CRM_API_KEYS: `${this.adminKey}:admin`,
      CRM_ACTOR_LABEL_KEY: 'shared-label-key-for-this-test',
      CRM_DATA_DIR: join(this.root, name),
      CRM_EVENT_STORE_DIR: join(this.root, 'event-store'),
      CRM_KEY_STORE_URI: this.uri,
      CRM_KEY_STORE_DATABASE: this.database,
      // Every service that checks sessions knows the provider: the re-check runs where the request lands.
      CRM_OIDC_ISSUER: this.provider.issuer,
      CRM_OIDC_CLIENT_ID: OIDC_CLIENT.clientId,
      CRM_OIDC_CLIENT_SECRET: OIDC_CLIENT.clientSecret,
      CRM_OIDC_REDIRECT_URI: this.callback,
      CRM_OIDC_ROLES_CLAIM: 'groups',
      CRM_OIDC_ROLE_MAP: 'crm-agents=agent,crm-admins=admin',
      CRM_OIDC_PROVISION: 'on',
      ...more,
    };
  }

  /** Drops the shared sign-in store and removes the data directories. */
  async remove(): Promise<void> {
    const client = await new MongoClient(this.uri).connect();
    try {
      await client.db(this.database).dropDatabase();
    } finally {
      await client.close();
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}
