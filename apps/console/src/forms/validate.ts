// Client-side checks that mirror the API's validation (same limits, same patterns), returning
// message keys of the `customer` namespace with their values.
import { CURRENCY_PATTERN, ID_PATTERN } from '../api/vocabulary';
import { latinDigits, parseNumber } from '../format/digits';
import { chosen, type FieldSpec, type FormSpec, type Values } from './spec';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface Problem {
  key: string;
  values?: Record<string, unknown>;
}

export function validateField(field: FieldSpec, raw: string): Problem | null {
  const value = raw.trim();
  if (value === '') return field.required ? { key: 'validation.required' } : null;
  switch (field.kind) {
    case 'text':
    case 'textarea':
    case 'password':
      if (field.pattern && !field.pattern.test(latinDigits(value)))
        return { key: field.patternKey ?? 'validation.pattern' };
      if (field.minLength && value.length < field.minLength) {
        return { key: 'validation.tooShort', values: { min: field.minLength } };
      }
      return field.maxLength && value.length > field.maxLength
        ? { key: 'validation.tooLong', values: { max: field.maxLength } }
        : null;
    case 'choices':
      return chosen(value).every((option) => field.options?.includes(option)) ? null : { key: 'validation.oneOf' };
    case 'date':
      return DAY.test(latinDigits(value)) && !Number.isNaN(Date.parse(latinDigits(value)))
        ? null
        : { key: 'validation.date' };
    case 'id':
      return ID_PATTERN.test(value) ? null : { key: 'validation.id' };
    case 'currency':
      return CURRENCY_PATTERN.test(value) ? null : { key: 'validation.currency' };
    case 'select':
      return field.options?.includes(value) ? null : { key: 'validation.oneOf' };
    case 'integer':
    case 'money': {
      const number = parseNumber(value);
      if (number === null) return { key: 'validation.number' };
      if (field.kind === 'integer' && !Number.isInteger(number)) return { key: 'validation.wholeNumber' };
      if (field.kind === 'money' && Math.round(number * 100) !== number * 100) return { key: 'validation.decimals' };
      if (field.min !== undefined && number < field.min) return { key: 'validation.min', values: { min: field.min } };
      if (field.max !== undefined && number > field.max) return { key: 'validation.max', values: { max: field.max } };
      return null;
    }
  }
}

export function validate(spec: FormSpec, values: Values): Record<string, Problem> {
  const problems: Record<string, Problem> = {};
  for (const field of spec.fields) {
    const problem = validateField(field, values[field.name] ?? '');
    if (problem) problems[field.name] = problem;
  }
  return problems;
}

/** A number field's value for the body (Persian digits accepted); undefined when empty. */
export const numberOf = (raw: string): number | undefined =>
  raw.trim() === '' ? undefined : (parseNumber(raw) ?? undefined);
/** Text for the body; undefined when empty, so optional fields are left out. */
export const textOf = (raw: string): string | undefined => (raw.trim() === '' ? undefined : raw.trim());
/** A date field's value for the API: Latin digits, undefined when empty. */
export const dayOf = (raw: string): string | undefined => textOf(latinDigits(raw));
