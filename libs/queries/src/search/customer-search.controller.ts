// Finding a customer while they are on the line: one box over name, e-mail, phone, customer id
// and order id (search-query.ts says how text matches and ranks).
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ValidationFailed } from '@ledger/domain';
import { customerSearchProjection } from '@ledger/projections';
import { Requires } from '@ledger/http';
import { intParam } from '../query-params';
import { ReadYourWrites } from '../read-your-writes';
import { CustomerSearchService } from './customer-search.service';
import { CustomerSearchResponseDto } from './customer-search.dto';

export const MAX_QUERY_LENGTH = 100;

function queryParam(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new ValidationFailed([{ field: 'q', reason: 'q is required: the text to search for' }]);
  }
  if (raw.length > MAX_QUERY_LENGTH) {
    throw new ValidationFailed([{ field: 'q', reason: `q must be at most ${MAX_QUERY_LENGTH} characters` }]);
  }
  return raw;
}

@ApiTags('customers')
@Controller('customers')
@Requires('read:customer')
export class CustomerSearchController {
  constructor(
    private readonly search: CustomerSearchService,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  // Declared in a controller registered before CustomerQueriesController, so `/customers/:id` does not take it.
  @Get('search')
  @ApiOperation({
    summary: 'Find customers by name, e-mail, phone, customer id or order id (permission read:customer)',
    description:
      'Every word of q must start a word of the name, or start the e-mail (whole or local part), the phone ' +
      'digits, the customer id or an order id. Case, diacritics, Arabic/Persian letter forms and Persian ' +
      'digits do not matter. Erased customers are found by id only. A customer merged into another is ' +
      'found by their own fields and names the top survivor (mergedInto).',
  })
  @ApiQuery({ name: 'q', required: true, description: `1-${MAX_QUERY_LENGTH} characters` })
  @ApiQuery({ name: 'limit', required: false, description: 'results, 1-50 (default 20)' })
  @ApiQuery({ name: 'minPosition', required: false, description: 'wait until the index includes this global position' })
  @ApiOkResponse({ type: CustomerSearchResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming q (blank, too long), limit or minPosition' })
  async find(
    @Query('q') q?: unknown,
    @Query('limit') limit?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<CustomerSearchResponseDto> {
    const query = queryParam(q);
    const max = intParam('limit', limit, 20, 1, 50);
    await this.readYourWrites.waitFor(minPosition, [customerSearchProjection.name]);
    const { hits, position } = await this.search.search(query, max);
    const results = hits.map(({ doc, matchedOn, mergedInto }) => ({
      customerId: doc.customerId,
      kind: doc.kind,
      name: doc.name,
      email: doc.email,
      phone: doc.phone,
      city: doc.city,
      country: doc.country,
      matchedOn,
      ...(mergedInto ? { mergedInto } : {}),
    }));
    return { query, results, position };
  }
}
