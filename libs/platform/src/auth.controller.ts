// "Who am I": the role, actor label and permissions of the key sent, so a client (the console)
// shows only what the role may do. Any configured key may ask; the key itself is never echoed.
import { Controller, Get, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ROLE_PERMISSIONS, RequiresAnyKey, type AuthenticatedRequest } from '@ledger/http';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  @Get('me')
  @RequiresAnyKey()
  @ApiOperation({ summary: "The signed-in key's role, actor label and permissions" })
  @ApiResponse({ status: 200, description: '{ role, actor, permissions: [...] }' })
  @ApiResponse({ status: 401, description: 'no key, or a key that is not configured' })
  me(@Req() request: AuthenticatedRequest) {
    // The guard has set the principal: this endpoint is never public.
    const principal = request.principal as NonNullable<AuthenticatedRequest['principal']>;
    return { role: principal.role, actor: principal.actor, permissions: [...ROLE_PERMISSIONS[principal.role]] };
  }
}
