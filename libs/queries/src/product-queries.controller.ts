// What analysts ask about products: the catalogue as shops describe it, with purchases, returns
// and feedback per product (the product catalogue read model).
import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { productCatalogueProjection, productSummary, type ProductDoc } from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import { ApiInvalidInput, Requires } from '@ledger/http';
import { LiveReadModels } from '@ledger/projection-runner';
import { enumParam, intParam } from './query-params';
import { ReadYourWrites } from './read-your-writes';
import type { ProductsAnswer, ProductSummary } from './api';

const SORTS = { revenue: 'purchases.revenue', quantity: 'purchases.quantity', sku: 'sku', lastSoldAt: 'lastSoldAt' };
type Sort = keyof typeof SORTS;

@ApiTags('analytics')
@Controller('products')
@Requires('read:analytics')
export class ProductQueriesController {
  constructor(
    @Inject(LiveReadModels) private readonly reads: ReadStore,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @ApiOkResponse({
    description:
      '{ total, offset, limit, products: [{ sku, description, category, purchases, returns, feedback, firstSoldAt, lastSoldAt }] }',
  })
  @ApiInvalidInput()
  @ApiOperation({ summary: 'Products with purchases, returns and feedback, paged (best sellers first by default)' })
  @ApiQuery({ name: 'sort', required: false, enum: Object.keys(SORTS) })
  @ApiQuery({ name: 'category', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1-1000, default 100' })
  @ApiQuery({ name: 'offset', required: false })
  async list(@Query() query: Record<string, string | undefined>): Promise<ProductsAnswer> {
    await this.readYourWrites.waitFor(query['minPosition'], [productCatalogueProjection.name]);
    const sort = enumParam<Sort>('sort', query['sort'], Object.keys(SORTS) as Sort[]) ?? 'revenue';
    const limit = intParam('limit', query['limit'], 100, 1, 1000);
    const offset = intParam('offset', query['offset'], 0, 0, 1_000_000_000);
    const filter = query['category'] ? { category: query['category'] } : undefined;
    const collection = productCatalogueProjection.name;
    const [total, docs] = await Promise.all([
      this.reads.count(collection, filter),
      this.reads.find<ProductDoc>(collection, {
        filter,
        sort: { [SORTS[sort]]: sort === 'sku' ? 1 : -1 },
        skip: offset,
        limit,
      }),
    ]);
    return { total, offset, limit, products: docs.map(productSummary) };
  }

  @Get(':sku')
  @ApiOkResponse({
    description: '{ sku, description, category, purchases, returns, feedback, firstSoldAt, lastSoldAt }: one SKU',
  })
  @ApiInvalidInput()
  @ApiOperation({ summary: 'One product (URL-encode SKUs with spaces or slashes: BANK%20CHARGES)' })
  async one(@Param('sku') sku: string, @Query('minPosition') minPosition?: string): Promise<ProductSummary> {
    await this.readYourWrites.waitFor(minPosition, [productCatalogueProjection.name]);
    const doc = await this.reads.get<ProductDoc>(productCatalogueProjection.name, sku);
    if (!doc) throw new NotFoundException(`no product '${sku}' has been bought, returned or rated`);
    return productSummary(doc);
  }
}
