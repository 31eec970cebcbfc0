// "Who am I": the roles, actor label and permissions of the key sent or the person signed in, so
// a client (the console) shows only what they may do. The key itself is never echoed; a session
// gets its CSRF token back (a page reloaded after sign-in needs it for its next change).
import { Controller, Get, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequiresAnyKey, permissionsOf, type AuthenticatedRequest, type WhoAmI } from '@ledger/http';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  @Get('me')
  @RequiresAnyKey()
  @ApiOperation({ summary: "The caller's roles, actor label and permissions (an API key or a signed-in person)" })
  @ApiResponse({ status: 200, description: '{ role, roles, actor, permissions, user?: { userId, name }, csrfToken? }' })
  @ApiResponse({ status: 401, description: 'no key or session, an unknown key, or an expired session' })
  me(@Req() request: AuthenticatedRequest): WhoAmI {
    // The guard has set the principal: this endpoint is never public.
    const principal = request.principal as NonNullable<AuthenticatedRequest['principal']>;
    const { role, roles, actor, userId, name, csrfToken } = principal;
    return {
      role,
      roles: [...roles],
      actor,
      permissions: permissionsOf(roles),
      ...(userId ? { user: { userId, name: name ?? null }, csrfToken } : {}),
    };
  }
}
