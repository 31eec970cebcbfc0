// Auditors and admins read the signed checkpoints of the global chain, to keep them somewhere
// the database administrator cannot write, and to verify a copy of the store against them.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { isChainedLog, type EventStore, EVENT_STORE } from '@ledger/event-store';
import { ApiInvalidInput, Requires } from '@ledger/http';
import { intParam } from '@ledger/queries';
import { Checkpointer } from './checkpointer';

@ApiTags('audit')
@Controller('audit/checkpoints')
@Requires('read:audit')
export class CheckpointsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly checkpointer: Checkpointer,
  ) {}

  @Get()
  @ApiOkResponse({
    description:
      '{ enabled, head: { position, globalHash }, publicKey, checkpoints: [...], next }: Ed25519-signed checkpoints, paged by `next`',
  })
  @ApiInvalidInput()
  @ApiOperation({
    summary: 'Signed checkpoints of the global hash chain (Ed25519), oldest first; page with after=<last position>',
  })
  @ApiQuery({ name: 'after', required: false, description: 'only checkpoints after this log position' })
  @ApiQuery({ name: 'limit', required: false, description: '1-1000, default 100' })
  async list(@Query('after') afterRaw?: string, @Query('limit') limitRaw?: string) {
    const after = intParam('after', afterRaw, 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam('limit', limitRaw, 100, 1, 1000);
    if (!isChainedLog(this.store)) {
      return { enabled: false, head: null, publicKey: null, checkpoints: [], next: null };
    }
    const checkpoints = await this.store.checkpoints(after, limit);
    return {
      enabled: true,
      head: await this.store.globalHead(),
      publicKey: this.checkpointer.publicKey,
      checkpoints,
      next: checkpoints.length === limit ? checkpoints[checkpoints.length - 1].position : null,
    };
  }
}
