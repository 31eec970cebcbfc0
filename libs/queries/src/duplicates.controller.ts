// Likely duplicate customers for an agent or analyst to review (issue 11): pairs sharing a
// normalised email or phone, or a similar name, read from the customer 360 read model. A customer
// merged into another is no longer a customer of their own: they are left out, so a pair already
// merged is not proposed again.
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
    description:
      '{ total, pairs: [{ customerIds, names, reasons, score }] }: likely duplicate pairs at or above minScore, ' +
      'with the reasons; customers merged into another are left out',
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
    const mergedAway = new Set<string>();
    for await (const page of this.reads.scan<OperationalView>(operationalViewProjection.name)) {
      for (const view of page) {
        for (const id of view.mergedCustomerIds ?? []) mergedAway.add(id);
        if (view.erased || !view.profile) continue;
        const { name, email, phone, city, birthDate } = view.profile;
        candidates.push({ customerId: view.id, name, email, phone, city, birthDate });
      }
    }
    const own = candidates.filter((candidate) => !mergedAway.has(candidate.customerId));
    const names = new Map(own.map((candidate) => [candidate.customerId, candidate.name]));
    const pairs = findDuplicates(own).filter((pair) => pair.score >= minScore);
    return {
      total: pairs.length,
      pairs: pairs.slice(0, limit).map((pair) => ({
        ...pair,
        names: [names.get(pair.customerIds[0]) ?? null, names.get(pair.customerIds[1]) ?? null],
      })),
    };
  }
}
