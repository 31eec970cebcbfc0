// Bodies of the directory's admin endpoints (/admin/users…).
import { applyDecorators, ApiProperty } from './decorators';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, MaxLength } from 'class-validator';
import { STAFF_ROLES } from '@ledger/domain';
import { Instant, Text } from './fields';

const Roles = () =>
  applyDecorators(
    ApiProperty({ type: [String], enum: STAFF_ROLES, example: ['agent'] }),
    IsArray({ message: '$property must be a list of roles' }),
    ArrayMinSize(1, { message: '$property needs at least one role' }),
    ArrayMaxSize(STAFF_ROLES.length, { message: `$property holds at most ${STAFF_ROLES.length} roles` }),
    IsIn([...STAFF_ROLES], { each: true, message: `each of $property must be one of: ${STAFF_ROLES.join(', ')}` }),
  );

export class AddUserDto {
  @Text(200, true, 'Ada Agent') name!: string;
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @MaxLength(254, { message: '$property must be at most 254 characters' })
  @IsEmail({}, { message: '$property must be an email address' })
  email!: string;
  @Roles() roles!: string[];
  @Text(100, false, 'north') team?: string;
  @Instant() occurredAt?: string;
}

export class ChangeUserRolesDto {
  @Roles() roles!: string[];
  @Instant() occurredAt?: string;
}

/** Without `team` the user leaves their team. */
export class ChangeUserTeamDto {
  @Text(100, false, 'south') team?: string;
  @Instant() occurredAt?: string;
}

export class DeactivateUserDto {
  @Text(500, false, 'left the company') reason?: string;
  @Instant() occurredAt?: string;
}

export class ReactivateUserDto {
  @Instant() occurredAt?: string;
}
