// Likely duplicate customers for an agent or analyst to review (issue 11): pairs sharing a
// normalised email or phone, or a similar name, read from the customer 360 read model.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { findDuplicates, type DuplicateCandidate } from '@ledger/analytics';
import { operationalViewProjection, type OperationalView } from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import { ApiInvalidInput, Requires } from '@ledger/http';
import { LiveReadModels } from '@ledger/projection-runner';
import { intParam } from './query-params';
import { ReadYourWrites } from './read-your-writes';
import type { DuplicatesAnswer } from './api';

@ApiTags('customers')
@Controller('duplicate-customers')
@Requires('read:customer')
export class DuplicatesController {
  constructor(
    @Inject(LiveReadModels) private readonly reads: ReadStore,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @ApiOkResponse({
    description: '{ total, pairs: [...] }: likely duplicate pairs at or above minScore, with the reasons',
  })
  @ApiInvalidInput()
  @ApiOperation({ summary: 'Pairs of customers that are likely one person, strongest evidence first, with reasons' })
  @ApiQuery({ name: 'minScore', required: false, description: '0-100 (percent), default 30' })
  @ApiQuery({ name: 'limit', required: false, description: '1-1000, default 100' })
  async duplicates(@Query() query: Record<string, string | undefined>): Promise<DuplicatesAnswer> {
    await this.readYourWrites.waitFor(query['minPosition'], [operationalViewProjection.name]);
    const minScore = intParam('minScore', query['minScore'], 30, 0, 100) / 100;
    const limit = intParam('limit', query['limit'], 100, 1, 1000);
    const candidates: DuplicateCandidate[] = [];
    for await (const page of this.reads.scan<OperationalView>(operationalViewProjection.name)) {
      for (const view of page) {
        if (view.erased || !view.profile) continue;
        const { name, email, phone, city, birthDate } = view.profile;
        candidates.push({ customerId: view.id, name, email, phone, city, birthDate });
      }
    }
    const pairs = findDuplicates(candidates).filter((pair) => pair.score >= minScore);
    return { total: pairs.length, pairs: pairs.slice(0, limit) };
  }
}
