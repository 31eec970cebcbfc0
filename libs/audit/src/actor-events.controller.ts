// "Everything agent X did last week": the events one actor (a person `user:<id>` or a machine
// `key:<id>` / `role:<label>`) recorded, from the event store itself, between two record times.
// The answer names the facts (type, stream, times, channel), not their personal data; the
// auditor opens a customer's history for that. The read itself goes to the access log.
import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Inject } from '@nestjs/common';
import { ValidationFailed } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { ApiInvalidInput, type AuthenticatedRequest, Requires } from '@ledger/http';
import { instantParam, intParam } from '@ledger/queries';
import { AuditAccess } from './audit-access';

/** Events looked at per request: a long log is paged with `after`, never read whole at once. */
const SCAN = 5000;
const ACTOR = /^[a-z]+:[A-Za-z0-9._-]{1,80}$/;

@ApiTags('audit')
@Controller('audit/events')
@Requires('read:audit')
export class ActorEventsController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly access: AuditAccess,
  ) {}

  @Get()
  @ApiOkResponse({
    description:
      '{ actor, events: [{ position, streamId, type, occurredAt, recordedAt, channel, session, commandId }], next }: cursor paging by `after`',
  })
  @ApiInvalidInput()
  @ApiOperation({ summary: 'Events recorded by one actor between from and to (record time), oldest first' })
  @ApiQuery({
    name: 'actor',
    required: true,
    description: 'user:<userId>, key:<keyId> or a key label such as agent:3f9a…',
  })
  @ApiQuery({ name: 'from', required: false, description: 'record time, inclusive (default: the beginning)' })
  @ApiQuery({ name: 'to', required: false, description: 'record time, exclusive (default: now)' })
  @ApiQuery({ name: 'after', required: false, description: 'global position to continue after (the answer’s next)' })
  async byActor(
    @Req() request: AuthenticatedRequest,
    @Query('actor') actor?: string,
    @Query('from') fromRaw?: string,
    @Query('to') toRaw?: string,
    @Query('after') afterRaw?: string,
    @Query('limit') limitRaw?: string,
  ) {
    if (typeof actor !== 'string' || !ACTOR.test(actor)) {
      throw new ValidationFailed([{ field: 'actor', reason: 'actor must look like user:<userId> or key:<keyId>' }]);
    }
    const from = Date.parse(instantParam('from', fromRaw, () => '1970-01-01T00:00:00.000Z'));
    const to = Date.parse(instantParam('to', toRaw, () => new Date(8.64e15).toISOString()));
    const after = intParam('after', afterRaw, 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam('limit', limitRaw, 100, 1, 1000);
    this.access.record(request, `events-by-actor:${actor}`, null);
    const scanned = await this.events.readAll({ fromPosition: after, maxCount: SCAN });
    const found = [];
    let next: number | null = scanned.length === SCAN ? scanned[scanned.length - 1].position : null;
    for (const event of scanned) {
      const at = Date.parse(event.recordedAt);
      if (event.metadata.actor !== actor || at < from || at >= to) continue;
      found.push({
        position: event.position,
        streamId: event.streamId,
        type: event.type,
        occurredAt: (event.data as { occurredAt?: string }).occurredAt ?? null,
        recordedAt: event.recordedAt,
        channel: event.metadata.channel,
        session: event.metadata.session ?? null,
        commandId: event.metadata.commandId,
      });
      if (found.length === limit) {
        next = event.position;
        break;
      }
    }
    return { actor, events: found, next };
  }
}
