// The session and key check alone, for the services that do not sign people in themselves (the
// query and audit services in distributed mode): the shared sign-in store, the directory as the
// event store has it (a deactivation counts from the next request, as on the command service)
// and single sign-on's re-check. PeopleModule (sign-in, sign-out, keys, single sign-on) is the
// same providers plus its endpoints and the command side.
import { Module, type Provider } from '@nestjs/common';
import { CRM_CONFIG, type CrmConfig } from '@ledger/config';
import { Readiness, SESSION_AUTHENTICATOR } from '@ledger/http';
import { ApiKeys } from './api-keys';
import { Directory } from './directory';
import { MongoSignInStore } from './mongo-sign-in-store';
import { OidcClient } from './oidc-client';
import { OidcDirectory } from './oidc-directory';
import { OidcSessions } from './oidc-sessions';
import { OIDC_STORE } from './oidc-store';
import { SIGN_IN_STORE, type SignInStore } from './sign-in-store';
import { SignInService } from './sign-in.service';
import { SqliteSignInStore } from './sqlite-sign-in-store';

/**
 * Where sign-in keeps its state: with the customer keys (CRM_KEY_STORE_URI, by default
 * MONGODB_URI) when they are shared, so every service signs the same people in; else
 * `sign-in.sqlite` in the data directory.
 */
export async function openSignInStore(config: CrmConfig): Promise<SignInStore> {
  if (!config.keyStore) return SqliteSignInStore.open(config.dataDir);
  return MongoSignInStore.connect({ uri: config.keyStore.uri, database: config.keyStore.database });
}

/** The shared store is another server every request with a session needs: readiness says whether it answers. */
async function openCheckedSignInStore(config: CrmConfig, readiness: Readiness): Promise<SignInStore> {
  const store = await openSignInStore(config);
  if (config.keyStore) {
    readiness.register({
      name: 'sign-in-store',
      check: async () => ({ ok: (await store.failures('readiness')).count >= 0 }),
    });
  }
  return store;
}

export const SESSION_CHECK_PROVIDERS: Provider[] = [
  Directory,
  ApiKeys,
  SignInService,
  OidcClient,
  OidcDirectory,
  OidcSessions,
  { provide: SIGN_IN_STORE, inject: [CRM_CONFIG, Readiness], useFactory: openCheckedSignInStore },
  { provide: OIDC_STORE, inject: [SIGN_IN_STORE], useFactory: (store: SignInStore) => store.oidc() },
  { provide: SESSION_AUTHENTICATOR, useExisting: SignInService },
];

@Module({
  providers: SESSION_CHECK_PROVIDERS,
  exports: [SESSION_AUTHENTICATOR],
})
export class SessionCheckModule {}
