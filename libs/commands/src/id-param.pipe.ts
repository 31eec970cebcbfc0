// Validates ids in the URL path with the same rule as ids in bodies.
import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ValidationFailed } from '@ledger/domain';
import { ID_PATTERN } from './dto/fields';

@Injectable()
export class IdParam implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!ID_PATTERN.test(value)) {
      const field = metadata.data ?? 'id';
      throw new ValidationFailed([{ field, reason: `${field} must be 1-64 characters: letters, digits, . _ : -` }]);
    }
    return value;
  }
}
