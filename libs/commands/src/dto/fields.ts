// Reusable field decorators so every DTO validates ids, instants, dates and money the same way.
import { applyDecorators, ApiProperty, ApiPropertyOptional } from './decorators';
import {
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidationOptions,
  registerDecorator,
} from 'class-validator';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const ID_MESSAGE = '$property must be 1-64 characters: letters, digits, . _ : - (starting with a letter or digit)';

function optional(required: boolean, ...decorators: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(...(required ? decorators : [IsOptional(), ...decorators]));
}

function doc(required: boolean, options: Record<string, unknown>): PropertyDecorator {
  return required ? ApiProperty(options) : ApiPropertyOptional(options);
}

export const Id = (required = true, example = 'c-1001') =>
  optional(
    required,
    doc(required, { example, pattern: ID_PATTERN.source }),
    IsString(),
    Matches(ID_PATTERN, { message: ID_MESSAGE }),
  );

/** Printable characters (letters, digits, spaces, punctuation in any script); no control characters. */
export const PRINTABLE_PATTERN = /^[^\p{C}]*\S[^\p{C}]*$/u;

/** A SKU as shops write them (`85123A`, `BANK CHARGES`); the policy caps its length (64 by default). */
export const Sku = (required = true, example = 'ESP-100') =>
  optional(
    required,
    doc(required, { example, maxLength: 256 }),
    IsString({ message: '$property must be text' }),
    Length(1, 256, { message: '$property must be 1-256 characters' }),
    Matches(PRINTABLE_PATTERN, { message: '$property must be printable characters, not only spaces' }),
  );

export const Text = (max: number, required = true, example?: string) =>
  optional(required, doc(required, { example, maxLength: max }), IsString(), Length(1, max));

export const OneOf = (values: readonly string[], required = true) =>
  optional(
    required,
    doc(required, { enum: values }),
    IsIn(values as string[], { message: `$property must be one of: ${values.join(', ')}` }),
  );

/** An instant with a time zone, e.g. 2026-11-23T09:30:00Z. */
export const Instant = (required = false) =>
  optional(
    required,
    doc(required, { example: '2026-11-23T09:30:00.000Z', format: 'date-time' }),
    IsISO8601(
      { strict: true, strictSeparator: true },
      { message: '$property must be an ISO-8601 instant such as 2026-11-23T09:30:00Z' },
    ),
    Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: '$property must include a time zone (Z or ±hh:mm)' }),
  );

/** A calendar date YYYY-MM-DD that exists (no 2026-02-30). */
export const CalendarDate = (required = false) =>
  optional(required, doc(required, { example: '1985-04-12', format: 'date' }), IsCalendarDate());

/** Decimals are checked loosely here; the domain holds the exact rule (currency minor unit, policy). */
export const Amount = (required = true, example = 49.9, decimals = 2) =>
  optional(
    required,
    doc(required, { example, minimum: 0 }),
    IsMoney(decimals, { message: `$property must be a number with at most ${decimals} decimals` }),
    Min(0, { message: '$property must not be negative' }),
    Max(1_000_000_000, { message: '$property must not exceed 1,000,000,000' }),
  );

export const Currency = (required = true) =>
  optional(
    required,
    doc(required, { example: 'EUR' }),
    Matches(/^[A-Z]{3}$/, { message: '$property must be an ISO 4217 code such as EUR' }),
  );

function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a real calendar date YYYY-MM-DD', ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const date = new Date(`${value}T00:00:00Z`);
          return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
        },
      },
    });
}

/**
 * A finite number with at most `decimals` decimals. Not class-validator's IsNumber({ maxDecimalPlaces }):
 * it splits the number's text on '.', and throws on exponent forms such as 4e-323 or 1e-7 (a 500
 * the HTTP fuzzer found). Rounding to that many decimals and back must give the number itself.
 */
function IsMoney(decimals: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isMoney',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate(value: unknown) {
          return typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(decimals)) === value;
        },
      },
    });
}
