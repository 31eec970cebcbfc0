// The DTOs take ApiProperty from @nestjs/swagger's api-property module, not its index (which
// loads NestJS): the OpenAPI document is only the same if that module is the one the index
// re-exports.
import * as swagger from '@nestjs/swagger';
import { ApiProperty, ApiPropertyOptional } from './decorators';

describe('the DTOs’ OpenAPI decorators', () => {
  it('are the ones @nestjs/swagger exports', () => {
    expect(ApiProperty).toBe(swagger.ApiProperty);
    expect(ApiPropertyOptional).toBe(swagger.ApiPropertyOptional);
  });
});
