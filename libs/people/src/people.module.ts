// People signing in: passwords, sessions and the session check the API guard asks (embedded:
// `sign-in.sqlite` in the data directory). The directory itself is in @ledger/commands and
// @ledger/queries (/admin/users).
import { Module } from '@nestjs/common';
import { CRM_CONFIG, type CrmConfig } from '@ledger/config';
import { SESSION_AUTHENTICATOR } from '@ledger/http';
import { Directory } from './directory';
import { SessionsController } from './sessions.controller';
import { SignInStore } from './sign-in-store';
import { SIGN_IN_STORE, SignInService } from './sign-in.service';

@Module({
  controllers: [SessionsController],
  providers: [
    Directory,
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
