// Input validation with class-validator: every field checked, unknown fields rejected, and
// every problem reported with its full path (`lines[2].unitPrice`). Free of NestJS (entry
// `@ledger/http/validation`): the preparation thread validates with it and loads nothing else of
// the HTTP layer; NestJS's ValidationPipe (validation-pipe.ts) is loaded only when asked for.
import { getMetadataStorage, validate, type ValidationError, type ValidatorOptions } from 'class-validator';
import { ValidationFailed } from '@ledger/domain';
import type { ValidationPipe } from '@nestjs/common';

type Storage = ReturnType<typeof getMetadataStorage>;
type Metadatas = ReturnType<Storage['getTargetValidationMetadatas']>;

/**
 * class-validator looks a class's rules up on every validate() (and every nested object), by
 * scanning every class it knows for ancestors, then groups them by property: about half of its
 * cost importing. Both answers depend only on the rules registered, so they are kept per class
 * and argument set, and forgotten whenever a rule is registered (a module loaded later).
 */
const CACHED = Symbol.for('ledger.validation.cachedRuleLookups');
/** How many rules were registered since the storage was wrapped: what others derive from rules is stale when it moves. */
const GENERATION = Symbol.for('ledger.validation.rulesGeneration');
type Wrapped = Storage & { [CACHED]?: true; [GENERATION]?: number };
function cacheRuleLookups(storage: Wrapped): void {
  if (storage[CACHED]) return; // the storage is global: wrapped once, however often this module loads
  storage[CACHED] = true;
  storage[GENERATION] = 0;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  let byTarget = new WeakMap<object, Map<string, Metadatas>>();
  let grouped = new WeakMap<Metadatas, ReturnType<Storage['groupByPropertyName']>>();
  const forget = () => {
    byTarget = new WeakMap();
    grouped = new WeakMap();
    storage[GENERATION] = (storage[GENERATION] ?? 0) + 1;
  };
  for (const register of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const original = storage[register].bind(storage) as (...args: unknown[]) => void;
    (storage as unknown as Record<string, (...args: unknown[]) => void>)[register] = (...args) => {
      forget();
      original(...args);
    };
  }
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    // The target is the object's constructor; an input with its own `constructor` member makes
    // it anything at all, which a WeakMap cannot key: asked uncached, as class-validator would.
    if (typeof target !== 'function') return lookup(target, schema, always, strictGroups, groups);
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let forTarget = byTarget.get(target);
    if (!forTarget) byTarget.set(target, (forTarget = new Map()));
    let found = forTarget.get(key);
    if (!found) forTarget.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadatas) => {
    let found = grouped.get(metadatas);
    if (!found) grouped.set(metadatas, (found = group(metadatas)));
    return found;
  };
}
cacheRuleLookups(getMetadataStorage());

/** Moves whenever class-validator registers a rule (a module with DTOs loaded later): proven-valid's plans are then stale. */
export const validationRulesGeneration = (): number => (getMetadataStorage() as Wrapped)[GENERATION] ?? 0;

/** The options every input is validated with: unknown fields are errors, not silently dropped. */
export const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  stopAtFirstError: false,
};

/**
 * class-validator's errors for `object`. class-validator alone costs about 12 µs of CPU per
 * command body (`bench/validation.ts`, before its rule lookups were cached), a few percent of a
 * single command; batches and the importer first try proven-valid.ts, which leaves every refused
 * body to this.
 */
export function validateInput(object: object): Promise<ValidationError[]> {
  return validate(object, VALIDATOR_OPTIONS);
}

/** Raised by the validation pipe and by controllers for malformed input. */
export class InvalidInput extends ValidationFailed {}

let pipe: ValidationPipe | undefined;
/**
 * `value` validated and transformed as the global pipe does a request body of class `type`
 * (the same ValidationPipe, so odd input is refused with the same problems), or InvalidInput.
 */
export async function validateAsBody(value: unknown, type: new () => object): Promise<unknown> {
  pipe ??= (await import('./validation-pipe')).createValidationPipe();
  return pipe.transform(value, { type: 'body', metatype: type });
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
