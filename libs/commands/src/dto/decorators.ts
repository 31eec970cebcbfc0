// The decorators the DTOs are documented with, and several of them applied as one. OpenAPI's come
// from @nestjs/swagger's api-property module, not its index: the index loads NestJS (core, common,
// rxjs; ~190 ms and 685 modules), of no use to the preparation thread, which validates with these
// DTOs. The index re-exports this very module, so the metadata, and the OpenAPI document, are the
// same. reflect-metadata first: the decorators read and write it (NestJS would load it otherwise).
import 'reflect-metadata';

export { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger/dist/decorators/api-property.decorator';

/** The decorators applied to a property in the order given, as NestJS's applyDecorators does. */
export function applyDecorators(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    for (const decorator of decorators) decorator(target, property);
  };
}
