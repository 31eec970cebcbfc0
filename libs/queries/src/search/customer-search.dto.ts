// The search endpoint's answer, as OpenAPI shows it.
import { ApiProperty } from '@nestjs/swagger';
import { CUSTOMER_KINDS, type CustomerKind } from '@ledger/domain';
import { SEARCH_FIELDS, type SearchField } from '@ledger/projections';
import type { SearchAnswer, SearchResult } from '../api';

export class MergedIntoDto {
  @ApiProperty({ example: 'c-1000' }) customerId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null once the survivor is erased' }) name!: string | null;
}

export class CustomerSearchResultDto implements SearchResult {
  @ApiProperty({ example: 'c-1001' }) customerId!: string;
  @ApiProperty({ enum: CUSTOMER_KINDS }) kind!: CustomerKind;
  @ApiProperty({ nullable: true, type: String, description: 'null once the customer is erased' }) name!: string | null;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) city!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'ISO 3166-1 alpha-2' }) country!: string | null;
  @ApiProperty({ enum: SEARCH_FIELDS, isArray: true, description: 'fields the query matched, in this order' })
  matchedOn!: SearchField[];
  @ApiProperty({
    required: false,
    type: MergedIntoDto,
    description: 'present when the customer is merged into another: the top survivor, who holds their history',
  })
  mergedInto?: MergedIntoDto;
}

export class CustomerSearchResponseDto implements SearchAnswer {
  @ApiProperty({ description: 'the query as sent' }) query!: string;
  @ApiProperty({
    type: [CustomerSearchResultDto],
    description: 'exact e-mail, phone or id matches first, then name prefixes, then other prefixes',
  })
  results!: CustomerSearchResultDto[];
  @ApiProperty({ description: 'global log position the search index reflects (read-your-writes token)' })
  position!: number;
}
