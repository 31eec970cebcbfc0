// The directory's write side for admins: add people, change their roles and team, deactivate
// and reactivate them. Each change is an event in the user's stream (`user-<id>`); the list is
// the users read model (libs/queries, GET /admin/users).
import { Body, Controller, Inject, Param, Patch, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { UserCommand } from '@ledger/domain';
import { ACTOR_LABEL_KEY, Requires, normalizeEmail, userIdOf, type AuthenticatedRequest } from '@ledger/http';
import { CommandResultDto } from './command-responses';
import { commandOptions } from './command-request';
import { CommandExecutor } from './command-executor';
import { respond } from './customer-commands.controller';
import {
  AddUserDto,
  ChangeUserRolesDto,
  ChangeUserTeamDto,
  DeactivateUserDto,
  ReactivateUserDto,
} from './dto/user.dto';
import { IdParam } from './id-param.pipe';

@ApiTags('people')
@Controller('admin/users')
@Requires('admin')
@ApiBadRequestResponse({ description: 'a field is missing or malformed (named in the error)' })
@ApiCreatedResponse({ type: CommandResultDto, description: 'recorded: the events written, and the userId' })
@ApiOkResponse({
  type: CommandResultDto,
  description: 'a retry with the same Idempotency-Key, or a change that changed nothing',
})
export class UsersController {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(ACTOR_LABEL_KEY) private readonly labelKey: Buffer,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Add a person to the directory (UserAdded); the user id is derived from the email' })
  @ApiConflictResponse({ description: 'a user with this email is already in the directory' })
  async add(@Body() dto: AddUserDto, @Req() req: AuthenticatedRequest, @Res() res: FastifyReply) {
    const email = normalizeEmail(dto.email);
    const userId = userIdOf(email, this.labelKey);
    const { name, roles, team, occurredAt } = dto;
    await this.run({ type: 'AddUser', data: { userId, name, email, roles, team, occurredAt } }, dto, req, res);
  }

  @Patch(':userId/roles')
  @ApiOperation({ summary: "Replace a user's roles (UserRolesChanged)" })
  @ApiNotFoundResponse({ description: 'no such user' })
  async roles(
    @Param('userId', IdParam) userId: string,
    @Body() dto: ChangeUserRolesDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    await this.run({ type: 'ChangeUserRoles', data: { userId, ...dto } }, dto, req, res);
  }

  @Patch(':userId/team')
  @ApiOperation({ summary: 'Move a user to a team, or out of any team without `team` (UserTeamChanged)' })
  @ApiNotFoundResponse({ description: 'no such user' })
  async team(
    @Param('userId', IdParam) userId: string,
    @Body() dto: ChangeUserTeamDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    await this.run({ type: 'ChangeUserTeam', data: { userId, ...dto } }, dto, req, res);
  }

  @Post(':userId/deactivate')
  @ApiOperation({ summary: 'Deactivate a user: they can no longer sign in or be assigned work (UserDeactivated)' })
  @ApiNotFoundResponse({ description: 'no such user' })
  async deactivate(
    @Param('userId', IdParam) userId: string,
    @Body() dto: DeactivateUserDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    await this.run({ type: 'DeactivateUser', data: { userId, ...dto } }, dto, req, res);
  }

  @Post(':userId/reactivate')
  @ApiOperation({ summary: 'Reactivate a deactivated user (UserReactivated)' })
  @ApiNotFoundResponse({ description: 'no such user' })
  async reactivate(
    @Param('userId', IdParam) userId: string,
    @Body() dto: ReactivateUserDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    await this.run({ type: 'ReactivateUser', data: { userId, ...dto } }, dto, req, res);
  }

  private async run(command: UserCommand, dto: object, req: AuthenticatedRequest, res: FastifyReply): Promise<void> {
    const options = commandOptions(req, { type: command.type, userId: command.data.userId, dto });
    const result = await this.executor.execute(command, options);
    respond(res, result, { userId: command.data.userId });
  }
}
