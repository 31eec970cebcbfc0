// Input validation with class-validator: every field checked, unknown fields rejected, and
// every problem reported with its full path (`lines[2].unitPrice`).
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { InvalidInput } from './errors.filter';

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new InvalidInput(flatten(errors)),
  });
}

export function flatten(errors: ValidationError[], parent = ''): { field: string; reason: string }[] {
  return errors.flatMap((error) => {
    const field = join(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function join(parent: string, property: string): string {
  if (!parent) return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}
