// The directory for admins: who is in it, with roles, team and whether they are active, from
// the users read model (rebuildable from the `user-<id>` streams).
import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { STAFF_ROLES, ValidationFailed } from '@ledger/domain';
import { ApiInvalidInput, Requires } from '@ledger/http';
import { LiveReadModels } from '@ledger/projection-runner';
import { usersProjection, type UserDocument } from '@ledger/projections';
import type { Filter, ReadStore } from '@ledger/read-store';
import type { DirectoryAnswer, DirectoryUser } from '../api';
import { ReadYourWrites } from '../read-your-writes';

const TEAM = /^.{1,100}$/u;

@ApiTags('people')
@Controller('admin/users')
@Requires('admin')
export class UsersDirectoryController {
  constructor(
    @Inject(LiveReadModels) private readonly reads: ReadStore,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @ApiOkResponse({ description: '{ items: [{ userId, name, email, roles, team, active, … }], total }: sorted by name' })
  @ApiInvalidInput('active, role, team or minPosition')
  @ApiOperation({ summary: 'The people in the directory, by name; filter by active, role or team' })
  @ApiQuery({ name: 'active', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'role', required: false, enum: STAFF_ROLES })
  @ApiQuery({ name: 'team', required: false })
  @ApiQuery({ name: 'minPosition', required: false, description: 'wait until the list includes this global position' })
  async list(
    @Query('active') active?: string,
    @Query('role') role?: string,
    @Query('team') team?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<DirectoryAnswer> {
    const filter: Filter = {};
    if (active !== undefined) {
      if (active !== 'true' && active !== 'false') throw invalid('active', 'active must be true or false');
      filter['active'] = active === 'true';
    }
    if (role !== undefined) {
      if (!(STAFF_ROLES as readonly string[]).includes(role)) {
        throw invalid('role', `role must be one of: ${STAFF_ROLES.join(', ')}`);
      }
      filter['roles'] = role;
    }
    if (team !== undefined) {
      if (typeof team !== 'string' || !TEAM.test(team)) throw invalid('team', 'team must be 1-100 characters');
      filter['team'] = team;
    }
    await this.readYourWrites.waitFor(minPosition, [usersProjection.name]);
    const users = await this.reads.find<UserDocument>(usersProjection.name, { filter, sort: { name: 1 } });
    return { items: users.map(shown), total: users.length };
  }

  @Get(':userId')
  @ApiOkResponse({ description: '{ userId, name, email, roles, team, active, … }: one person (404 when unknown)' })
  @ApiInvalidInput('minPosition')
  @ApiOperation({ summary: 'One person of the directory' })
  async one(@Param('userId') userId: string, @Query('minPosition') minPosition?: string): Promise<DirectoryUser> {
    await this.readYourWrites.waitFor(minPosition, [usersProjection.name]);
    const user = await this.reads.get<UserDocument>(usersProjection.name, userId);
    if (!user) throw new NotFoundException(`user '${userId}' is not in the directory`);
    return shown(user);
  }
}

const invalid = (field: string, reason: string) => new ValidationFailed([{ field, reason }]);

/** The document without the read model's bookkeeping. */
function shown({ id: _id, lastPosition: _position, ...user }: UserDocument): DirectoryUser {
  return user;
}
