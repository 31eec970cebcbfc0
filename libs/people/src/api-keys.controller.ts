// Admins create, list and revoke the API keys machines use (channels, integrations).
import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ApiInvalidInput, type AuthenticatedRequest, ROLE_PERMISSIONS, Requires, type RoleName } from '@ledger/http';
import type { ApiKeysAnswer } from './api';
import { ApiKeys } from './api-keys';

const ROLES = Object.keys(ROLE_PERMISSIONS);

export class CreateApiKeyDto {
  @ApiProperty({ example: 'web shop', maxLength: 100 })
  @IsString({ message: '$property must be a string' })
  @Length(1, 100, { message: '$property must be 1-100 characters' })
  name!: string;
  @ApiProperty({ enum: ROLES, example: 'channel' })
  @IsIn(ROLES, { message: `$property must be one of: ${ROLES.join(', ')}` })
  role!: RoleName;
  @ApiPropertyOptional({
    type: [String],
    example: ['web'],
    description: 'X-Source-Channel values the key may write as',
  })
  @IsOptional()
  @IsArray({ message: '$property must be a list of channel names' })
  @ArrayMinSize(1, { message: '$property must name at least one channel (or be left out)' })
  @ArrayMaxSize(20, { message: '$property names at most 20 channels' })
  @Matches(/^[a-z0-9_-]{1,40}$/, {
    each: true,
    message: 'each of $property must be 1-40 lower-case letters, digits, _ or -',
  })
  channels?: string[];
}

@ApiTags('people')
@Controller('admin/api-keys')
@Requires('admin')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeys) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key for a machine; the key is in this answer only, never again' })
  @ApiResponse({ status: 201, description: '{ keyId, key, name, role, channels, createdAt, … }' })
  @ApiInvalidInput('name, role or channels')
  create(@Body() dto: CreateApiKeyDto, @Req() request: AuthenticatedRequest) {
    const createdBy = request.principal?.actor ?? 'unknown';
    return this.keys.create({ name: dto.name, role: dto.role, channels: dto.channels, createdBy });
  }

  @Get()
  @ApiResponse({
    status: 200,
    description: '{ items: [...] }: every key made by admins, without the key itself, with its last use',
  })
  @ApiOperation({ summary: 'The API keys made by admins (never the keys themselves), with last-used time' })
  async list(): Promise<ApiKeysAnswer> {
    return { items: await this.keys.list() };
  }

  @Post(':keyId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key: refused from the next request' })
  @ApiResponse({ status: 200, description: '{ keyId, revoked: true }' })
  @ApiResponse({ status: 422, description: 'UNKNOWN_API_KEY or API_KEY_ALREADY_REVOKED' })
  async revoke(@Param('keyId') keyId: string) {
    await this.keys.revoke(keyId);
    return { keyId, revoked: true };
  }
}
