// Input validation with class-validator: every field checked, unknown fields rejected, and
// every problem reported with its full path (`lines[2].unitPrice`).
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { validate, type ValidatorOptions } from 'class-validator';
import { InvalidInput } from './errors.filter';
import { certainlyValid } from './validity-plan';

/** The options every input is validated with: unknown fields are errors, not silently dropped. */
export const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  stopAtFirstError: false,
};

/**
 * class-validator's errors for `object`, skipping class-validator when the compiled plan already
 * knows the object is valid (the usual case, and the one on every command's hot path).
 */
export function validateInput(object: object): ValidationError[] | Promise<ValidationError[]> {
  return certainlyValid(object) ? [] : validate(object, VALIDATOR_OPTIONS);
}

/** Nest's pipe (transform, error flattening, proto-key stripping) with the fast yes in front. */
class InputValidationPipe extends ValidationPipe {
  protected override validate(
    object: object,
    options?: ValidatorOptions,
  ): ValidationError[] | Promise<ValidationError[]> {
    return certainlyValid(object) ? [] : super.validate(object, options);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
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
