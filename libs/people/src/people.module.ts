// People signing in: passwords, sessions and the session check the API guard asks (embedded:
// `sign-in.sqlite` in the data directory). The directory itself is in @ledger/commands and
// @ledger/queries (/admin/users).
import { Module } from '@nestjs/common';
import { CRM_CONFIG, type CrmConfig } from '@ledger/config';
import { SESSION_AUTHENTICATOR } from '@ledger/http';
import { Directory } from './directory';
import { SessionsController } from './sessions.controller';
import { ApiKeys } from './api-keys';
import { ApiKeysController } from './api-keys.controller';
import { SIGN_IN_STORE, SignInStore } from './sign-in-store';
import { SignInService } from './sign-in.service';

@Module({
  controllers: [SessionsController, ApiKeysController],
  providers: [
    Directory,
    ApiKeys,
    SignInService,
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
