// Signing in and out of the console: email and password open a session held in an HTTP-only,
// SameSite=Lax cookie (Secure over TLS); its CSRF token comes back in the body, for the
// X-CSRF-Token header of every change the page makes.
import { Body, Controller, ForbiddenException, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiInvalidInput,
  type AuthenticatedRequest,
  Requires,
  RequiresAnyKey,
  SESSION_COOKIE,
  permissionsOf,
  sessionCookieOf,
} from '@ledger/http';
import { MAX_PASSWORD_LENGTH } from './passwords';
import { SignInService } from './sign-in.service';

export class SignInDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @MaxLength(254, { message: '$property must be at most 254 characters' })
  @IsEmail({}, { message: '$property must be an email address' })
  email!: string;
  @ApiProperty({ maxLength: MAX_PASSWORD_LENGTH })
  @IsString({ message: '$property must be a string' })
  @Length(1, MAX_PASSWORD_LENGTH * 4, { message: '$property must not be empty' })
  password!: string;
}

export class SetPasswordDto {
  @ApiProperty({ minLength: 12, maxLength: MAX_PASSWORD_LENGTH })
  @IsString({ message: '$property must be a string' })
  password!: string;
}

function cookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

@ApiTags('auth')
@Controller()
export class SessionsController {
  constructor(private readonly signIn: SignInService) {}

  @Post('auth/sign-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password: sets the session cookie, answers the CSRF token' })
  @ApiResponse({ status: 200, description: '{ user: { userId, name }, roles, permissions, csrfToken }' })
  @ApiInvalidInput('email or password')
  @ApiResponse({
    status: 401,
    description: 'SIGN_IN_FAILED: unknown email, wrong password or inactive user (one answer)',
  })
  @ApiResponse({ status: 429, description: 'SIGN_IN_LOCKED: too many failures for this email; wait' })
  async signInWithPassword(
    @Body() dto: SignInDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { token, principal, maxAgeSeconds } = await this.signIn.signIn(dto.email, dto.password);
    void reply.header('set-cookie', cookie(request, token, maxAgeSeconds));
    void reply.header('cache-control', 'no-store');
    return {
      user: { userId: principal.userId, name: principal.name ?? null },
      roles: [...principal.roles],
      permissions: permissionsOf(principal.roles),
      csrfToken: principal.csrfToken,
    };
  }

  @Post('auth/sign-out')
  @HttpCode(204)
  @RequiresAnyKey()
  @ApiOperation({
    summary:
      'End this session (the cookie is cleared); from single sign-on, also answers where to sign out at the provider',
  })
  @ApiResponse({ status: 204, description: 'signed out' })
  @ApiResponse({
    status: 200,
    description:
      '{ endSessionUrl }: signed out here; a session from single sign-on whose provider has an end_session_endpoint: the browser goes there (id_token_hint, post_logout_redirect_uri, state) to sign out at the provider too',
  })
  async signOut(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const token = sessionCookieOf(request);
    const atProvider =
      token && !request.headers['x-api-key'] && !request.headers.authorization
        ? await this.signIn.signOut(token)
        : null;
    void reply.header('set-cookie', cookie(request, '', 0));
    if (!atProvider) return;
    void reply.status(200).header('cache-control', 'no-store');
    return { endSessionUrl: atProvider.href };
  }

  @Post('auth/sign-out-everywhere')
  @HttpCode(200)
  @RequiresAnyKey()
  @ApiOperation({ summary: 'End every session of the signed-in person, on every device' })
  @ApiResponse({ status: 200, description: '{ ended: <number of sessions> }' })
  @ApiResponse({ status: 403, description: 'an API key has no sessions' })
  async signOutEverywhere(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const userId = request.principal?.userId;
    if (!userId) throw new ForbiddenException('only a signed-in person has sessions to end');
    void reply.header('set-cookie', cookie(request, '', 0));
    return { ended: await this.signIn.signOutEverywhere(userId) };
  }

  @Put('admin/users/:userId/password')
  @HttpCode(204)
  @Requires('admin')
  @ApiTags('people')
  @ApiOperation({ summary: "Set a user's password (12-256 characters); their open sessions end" })
  @ApiResponse({ status: 204, description: 'set' })
  @ApiInvalidInput('password')
  @ApiResponse({ status: 404, description: 'no such user' })
  async setPassword(@Param('userId') userId: string, @Body() dto: SetPasswordDto): Promise<void> {
    await this.signIn.setPassword(userId, dto.password);
  }
}
