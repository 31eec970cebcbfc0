// People signing in: passwords, single sign-on (oidc-*.ts), sessions, admin-made API keys and the
// session check the API guard asks (session-check.module.ts). Embedded: `sign-in.sqlite` in the
// data directory; distributed: the shared store, served by the command service. The directory
// itself is in @ledger/commands and @ledger/queries (/admin/users).
import { Module } from '@nestjs/common';
import { CommandsModule } from '@ledger/commands';
import { SESSION_AUTHENTICATOR } from '@ledger/http';
import { ApiKeysController } from './api-keys.controller';
import { OidcController } from './oidc.controller';
import { OidcSignIn } from './oidc-sign-in';
import { SESSION_CHECK_PROVIDERS } from './session-check.module';
import { SessionsController } from './sessions.controller';
import { SignInService } from './sign-in.service';

@Module({
  // CommandsModule: single sign-on adds people and changes their roles as the provider says.
  imports: [CommandsModule],
  controllers: [SessionsController, ApiKeysController, OidcController],
  providers: [...SESSION_CHECK_PROVIDERS, OidcSignIn],
  exports: [SignInService, SESSION_AUTHENTICATOR],
})
export class PeopleModule {}
