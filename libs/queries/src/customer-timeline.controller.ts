// The agent's timeline: every fact of one customer, newest recorded first, page by page from
// the event store (the 360 keeps only the last contacts). Agents lack read:audit, so this is
// their paged history: the facts as readers see them (decrypted, upcast), without hashes or
// idempotency metadata. `revision` is the stream revision read, for If-Match on the next command.
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  EVENT_TYPES,
  UnknownCustomer,
  ValidationFailed,
  customerStream,
  upcast,
  type RecordedEvent,
} from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { ApiInvalidInput, Requires } from '@ledger/http';
import { PERSONAL_DATA, type PersonalDataVault } from '@ledger/personal-data';
import type { TimelineItem, TimelinePage } from './api';
import { intParam } from './query-params';

/** Events read per step when a type filter may skip many of them. */
const SCAN_PAGE = 200;

function typesParam(raw: string | undefined): Set<string> | undefined {
  if (raw === undefined || raw === '') return undefined;
  const types = raw.split(',').map((type) => type.trim());
  const unknown = types.filter((type) => !(EVENT_TYPES as string[]).includes(type));
  if (unknown.length > 0) {
    throw new ValidationFailed([{ field: 'type', reason: `unknown event type(s): ${unknown.join(', ')}` }]);
  }
  return new Set(types);
}

@ApiTags('customers')
@Controller('customers')
@Requires('read:customer')
export class CustomerTimelineController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA) private readonly vault: PersonalDataVault,
  ) {}

  @Get(':customerId/timeline')
  @ApiOkResponse({
    description:
      '{ customerId, revision, items: [{ eventId, revision, position, type, occurredAt, recordedAt, channel, actor, data }], nextBefore }: newest first, cursor paging by `before`',
  })
  @ApiInvalidInput()
  @ApiOperation({
    summary: "One customer's facts (contacts, purchases, returns, complaints, feedback, touches…), newest first, paged",
  })
  @ApiQuery({ name: 'before', required: false, description: 'stream revision to page back from (exclusive)' })
  @ApiQuery({ name: 'limit', required: false, description: 'items per page, 1-200 (default 50)' })
  @ApiQuery({ name: 'type', required: false, description: 'only these event types (comma-separated)' })
  async timeline(
    @Param('customerId') customerId: string,
    @Query('before') beforeParam?: string,
    @Query('limit') limitParam?: string,
    @Query('type') typeParam?: string,
  ): Promise<TimelinePage> {
    const limit = intParam('limit', limitParam, 50, 1, 200);
    const before = intParam('before', beforeParam, Number.MAX_SAFE_INTEGER, 1, Number.MAX_SAFE_INTEGER);
    const types = typesParam(typeParam);
    const streamId = customerStream(customerId);
    const head = await this.store.streamRevision(streamId);
    if (head === 'no_stream') throw new UnknownCustomer(customerId);
    const items: TimelineItem[] = [];
    // Walks back from `before` a page at a time until the page is full or the stream begins; with
    // a type filter more events may be read than returned (types are stored in clear).
    let scanned = Math.min(before, head + 1);
    while (items.length < limit && scanned > 0) {
      const maxCount = types ? SCAN_PAGE : limit - items.length;
      const events = await this.store.readStream(streamId, {
        direction: 'backwards',
        fromRevision: scanned - 1,
        maxCount,
      });
      if (events.length === 0) break;
      // One key-store lookup for the page (the shared key store in distributed mode).
      const readable = await this.vault.openAll(events);
      for (const [i, event] of events.entries()) {
        scanned = event.revision;
        if (types && !types.has(event.type)) continue;
        items.push(this.item(event, readable[i]));
        if (items.length === limit) break;
      }
    }
    return { customerId, revision: head, items, nextBefore: scanned > 0 ? scanned : null };
  }

  private item(stored: RecordedEvent, opened: RecordedEvent): TimelineItem {
    const event = upcast(opened);
    const data = event.data as Record<string, unknown>;
    return {
      eventId: event.eventId,
      revision: stored.revision,
      position: stored.position,
      type: event.type,
      occurredAt: typeof data.occurredAt === 'string' ? data.occurredAt : stored.recordedAt,
      recordedAt: stored.recordedAt,
      channel: typeof data.channel === 'string' ? data.channel : null,
      actor: stored.metadata.actor,
      data,
    };
  }
}
