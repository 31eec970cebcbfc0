// People signing in: passwords, single sign-on (oidc-*.ts), sessions and the session check the
// API guard asks (embedded: `sign-in.sqlite` in the data directory). The directory itself is in
// @ledger/commands and @ledger/queries (/admin/users).
import { Module } from '@nestjs/common';
import { CommandsModule } from '@ledger/commands';
import { CRM_CONFIG, type CrmConfig } from '@ledger/config';
import { SESSION_AUTHENTICATOR } from '@ledger/http';
import { Directory } from './directory';
import { SessionsController } from './sessions.controller';
import { ApiKeys } from './api-keys';
import { ApiKeysController } from './api-keys.controller';
import { OidcClient } from './oidc-client';
import { OidcController } from './oidc.controller';
import { OidcDirectory } from './oidc-directory';
import { OidcSessions } from './oidc-sessions';
import { OidcSignIn } from './oidc-sign-in';
import { OIDC_STORE, OidcStore } from './oidc-store';
import { SIGN_IN_STORE, SignInStore } from './sign-in-store';
import { SignInService } from './sign-in.service';

@Module({
  // CommandsModule: single sign-on adds people and changes their roles as the provider says.
  imports: [CommandsModule],
  controllers: [SessionsController, ApiKeysController, OidcController],
  providers: [
    Directory,
    ApiKeys,
    SignInService,
    OidcClient,
    OidcDirectory,
    OidcSessions,
    OidcSignIn,
    { provide: OIDC_STORE, inject: [SIGN_IN_STORE], useFactory: (store: SignInStore) => new OidcStore(store) },
    {
      provide: SIGN_IN_STORE,
      inject: [CRM_CONFIG],
      useFactory: (config: CrmConfig) => SignInStore.open(config.dataDir),
    },
    { provide: SESSION_AUTHENTICATOR, useExisting: SignInService },
  ],
  exports: [SignInService, SESSION_AUTHENTICATOR],
})
export class PeopleModule {}
