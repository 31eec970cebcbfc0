// The global pipe every request body and query goes through: class-validator with the options of
// validation.ts, its problems raised as InvalidInput. Apart from validation.ts because it loads
// NestJS, which the preparation thread does without.
import { ValidationPipe } from '@nestjs/common';
import { flatten, InvalidInput, VALIDATOR_OPTIONS } from './validation';

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => new InvalidInput(flatten(errors)),
  });
}
