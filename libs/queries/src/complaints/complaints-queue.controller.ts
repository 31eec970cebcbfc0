// The complaints queue (agents, admins): every open complaint across customers, by SLA due time,
// filtered by severity, category, channel and assignee (seed 003: routing to the responsible person).
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ID_PATTERN } from '@ledger/commands';
import { CONTACT_CHANNELS, SEVERITIES, ValidationFailed } from '@ledger/domain';
import { complaintsQueueProjection } from '@ledger/projections';
import { Requires } from '@ledger/http';
import { CLOCK, type Clock } from '@ledger/config';
import { enumParam, instantParam, intParam } from '../query-params';
import { ReadYourWrites } from '../read-your-writes';
import { QUEUE_SORTS, type QueueFilter } from '@ledger/analytics';
import { ComplaintsQueueResponseDto } from './complaints-queue.dto';
import { ComplaintsQueueService } from './complaints-queue.service';

const DUE_SOON_HOURS = 4; // as the customer 360's default

function textParam(name: string, raw: string | undefined, max: number): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > max) {
    throw new ValidationFailed([{ field: name, reason: `${name} must be 1-${max} characters` }]);
  }
  return raw;
}

function assigneeParam(raw: string | undefined): string | null | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'none') return null;
  if (typeof raw !== 'string' || !ID_PATTERN.test(raw)) {
    throw new ValidationFailed([
      { field: 'assignee', reason: "assignee must be 'none' or an id: 1-64 letters, digits, . _ : -" },
    ]);
  }
  return raw;
}

@ApiTags('complaints')
@Controller('complaints')
@Requires('read:customer')
export class ComplaintsQueueController {
  constructor(
    private readonly queue: ComplaintsQueueService,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Open complaints across customers, by SLA due time, with filters (permission read:customer)',
    description: 'Resolved complaints leave the queue. Every filter is optional; unknown values are refused (400).',
  })
  @ApiQuery({ name: 'severity', required: false, enum: SEVERITIES })
  @ApiQuery({ name: 'category', required: false, description: 'exact category, 1-100 characters' })
  @ApiQuery({ name: 'channel', required: false, enum: CONTACT_CHANNELS })
  @ApiQuery({ name: 'assignee', required: false, description: "an assignee id, or 'none' for unassigned cases" })
  @ApiQuery({ name: 'status', required: false, enum: ['open'], description: 'only open complaints are queued' })
  @ApiQuery({ name: 'sort', required: false, enum: QUEUE_SORTS, description: 'default dueAt' })
  @ApiQuery({ name: 'order', required: false, enum: ['asc', 'desc'], description: 'default asc' })
  @ApiQuery({ name: 'limit', required: false, description: '1-200 (default 50)' })
  @ApiQuery({ name: 'offset', required: false, description: '0 or more (default 0)' })
  @ApiQuery({ name: 'now', required: false, description: 'instant the SLA clocks are read at (default: now)' })
  @ApiQuery({ name: 'minPosition', required: false, description: 'wait until the queue includes this global position' })
  @ApiOkResponse({ type: ComplaintsQueueResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming the parameter whose value is not allowed' })
  async list(
    @Query('severity') severity?: string,
    @Query('category') category?: string,
    @Query('channel') channel?: string,
    @Query('assignee') assignee?: string,
    @Query('status') status?: string,
    @Query('sort') sort?: string,
    @Query('order') order?: string,
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
    @Query('now') nowParam?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<ComplaintsQueueResponseDto> {
    const filter: QueueFilter = {
      severity: enumParam('severity', severity, SEVERITIES),
      category: textParam('category', category, 100),
      channel: enumParam('channel', channel, CONTACT_CHANNELS),
      assignee: assigneeParam(assignee),
    };
    enumParam('status', status, ['open'] as const);
    const request = {
      filter,
      sort: enumParam('sort', sort, QUEUE_SORTS) ?? 'dueAt',
      order: enumParam('order', order, ['asc', 'desc'] as const) ?? 'asc',
      limit: intParam('limit', limit, 50, 1, 200),
      offset: intParam('offset', offset, 0, 0, 1_000_000),
      now: instantParam('now', nowParam, () => this.clock.now()),
      dueSoonHours: DUE_SOON_HOURS,
    };
    await this.readYourWrites.waitFor(minPosition, [complaintsQueueProjection.name]);
    const { engine } = await this.queue.current();
    const { items, total } = engine.list(request);
    return { items, total, limit: request.limit, offset: request.offset, now: request.now };
  }
}
