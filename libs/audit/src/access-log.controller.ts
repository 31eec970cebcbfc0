// Admins read who looked at which customer's audit history, state or export.
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiInvalidInput, Requires } from '@ledger/http';
import { intParam } from '@ledger/queries';
import { AuditAccess } from './audit-access';

@ApiTags('audit')
@Controller('audit/access-log')
@Requires('admin')
export class AccessLogController {
  constructor(private readonly access: AuditAccess) {}

  @Get()
  @ApiOkResponse({
    description: '{ entries: [{ id, at, actor, role, endpoint, customerId }], next }: paged by `next` (after)',
  })
  @ApiInvalidInput()
  @ApiOperation({ summary: 'Recorded audit reads, oldest first; page with after=<last id>' })
  read(@Query('after') afterRaw?: string, @Query('limit') limitRaw?: string) {
    const after = intParam('after', afterRaw, 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam('limit', limitRaw, 100, 1, 1000);
    const entries = this.access.read(after, limit);
    return { entries, next: entries.length === limit ? entries[entries.length - 1].id : null };
  }
}
