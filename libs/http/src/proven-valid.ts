// Proves a body valid without class-validator's executor: each DTO class's rules, read once from
// class-validator's own metadata, are called as ValidationExecutor calls them, on an instance
// built as class-transformer's plainToInstance builds it. Anything not fully understood is "not
// proven" (undefined) and the caller validates as before, so a refused body keeps its problems.
//
// Proven only with validator options of VALIDATOR_OPTIONS' kind (whitelist, forbidNonWhitelisted,
// forbidUnknownValues; stopAtFirstError either way), for classes whose rules are all of:
// - constraints (every built-in decorator, registerDecorator, IsDefined), synchronous, `each`
//   over arrays; conditions (IsOptional, ValidateIf); Allow; ValidateNested with a plain
//   @Type(() => Dto) (no discriminator); none with groups or `always`, no validation schema;
// - no other class-transformer metadata (@Transform, @Expose, @Exclude);
// - a constructor without parameters that leaves every own property undefined, and no validated
//   property on the prototype chain (a getter, a method, `constructor`, `__proto__`).
// A body is proven when it is a plain object whose own keys are all validated properties, its
// values primitives (string, number, boolean, null, undefined) or arrays of them, or for a nested
// property plain objects or arrays of them (proven in turn), and every rule returns exactly true.
import { TransformationType } from 'class-transformer';
import type { MetadataStorage as TransformerStorage } from 'class-transformer/types/MetadataStorage';
import type { TypeMetadata } from 'class-transformer/types/interfaces/metadata/type-metadata.interface';
import {
  getMetadataStorage,
  ValidationTypes,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { VALIDATOR_OPTIONS, validationRulesGeneration } from './validation';

// The storage class-transformer's decorators write to; its index does not export it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformerStorage = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerStorage })
  .defaultMetadataStorage;
const validatorStorage = getMetadataStorage();

type Dto = new () => object;
type Condition = (object: object, value: unknown) => unknown;

interface Rule {
  property: string;
  each: boolean;
  constraints: unknown[];
  validators: ValidatorConstraintInterface[];
}

interface Property {
  name: string;
  conditions: Condition[];
  /** IsDefined's rules, which ValidationExecutor runs before the others. */
  defined: Rule[];
  rules: Rule[];
  nested: boolean;
  type?: TypeMetadata;
}

interface Plan {
  dto: Dto;
  /** The instance's constructor's name, as ValidationArguments says it. */
  targetName: string;
  properties: Map<string, Property>;
}

const NOT_PROVEN = Symbol('not proven');

/**
 * `input` as an instance of `dto`, equal to what plainToInstance gives, when it is proven valid
 * under VALIDATOR_OPTIONS; undefined when it is not proven (it may still be valid).
 */
export function provenValid<T extends object>(dto: new () => T, input: unknown): T | undefined {
  const plan = planOf(dto);
  if (!plan) return undefined;
  try {
    const instance = build(plan, input);
    return instance !== NOT_PROVEN && holds(plan, instance) ? (instance as T) : undefined;
  } catch {
    return undefined; // a rule or type function threw: the slow path meets it again, as before
  }
}

// Plans are kept per class and forgotten whenever either library registers metadata: class-validator's
// registrations are counted by validation.ts (which caches its own lookups), class-transformer's here.
const GENERATION = Symbol.for('ledger.provenValid.transformerGeneration');
type Counted = { [GENERATION]?: number };
function countTransformerRegistrations(storage: object): void {
  const counted = storage as Counted & Record<string, (...args: unknown[]) => unknown>;
  if (counted[GENERATION] !== undefined) return; // the storage is shared: wrapped once
  counted[GENERATION] = 0;
  for (const adder of ['addTypeMetadata', 'addTransformMetadata', 'addExposeMetadata', 'addExcludeMetadata', 'clear']) {
    const original = counted[adder].bind(storage);
    counted[adder] = (...args) => {
      counted[GENERATION] = (counted[GENERATION] ?? 0) + 1;
      return original(...args);
    };
  }
}
countTransformerRegistrations(transformerStorage);

let plans = new WeakMap<Dto, Plan | null>();
let validatorsAt = -1;
let transformersAt = -1;
function planOf(dto: Dto): Plan | undefined {
  if (typeof dto !== 'function') return undefined;
  const validators = validationRulesGeneration();
  const transformers = (transformerStorage as Counted)[GENERATION] ?? 0;
  if (validators !== validatorsAt || transformers !== transformersAt) {
    plans = new WeakMap();
    validatorsAt = validators;
    transformersAt = transformers;
  }
  let plan = plans.get(dto);
  if (plan === undefined) plans.set(dto, (plan = compile(dto) ?? null));
  return plan ?? undefined;
}

let optionsSupported: boolean | undefined;
function supportedOptions(): boolean {
  const { whitelist, forbidNonWhitelisted, forbidUnknownValues, stopAtFirstError, ...others } = VALIDATOR_OPTIONS;
  void stopAtFirstError; // changes only which problems are listed
  return (
    whitelist === true &&
    forbidNonWhitelisted === true &&
    forbidUnknownValues !== false &&
    Object.keys(others).length === 0
  );
}

/** The class's plan, or undefined when any of its metadata is beyond what is supported. */
function compile(dto: Dto): Plan | undefined {
  optionsSupported ??= supportedOptions();
  if (!optionsSupported || dto.length > 0 || dto.prototype?.constructor !== dto) return undefined;
  const metadatas = validatorStorage.getTargetValidationMetadatas(dto, '', false, false, undefined);
  if (metadatas.length === 0) return undefined; // forbidUnknownValues refuses every instance
  const properties = new Map<string, Property>();
  for (const metadata of metadatas) {
    if (typeof metadata.target !== 'function' || metadata.always !== undefined || metadata.groups?.length) {
      return undefined;
    }
    const name = metadata.propertyName;
    let property = properties.get(name);
    if (!property) properties.set(name, (property = { name, conditions: [], defined: [], rules: [], nested: false }));
    switch (metadata.type) {
      case ValidationTypes.CONDITIONAL_VALIDATION:
        if (typeof metadata.constraints?.[0] !== 'function') return undefined;
        property.conditions.push(metadata.constraints[0] as Condition);
        break;
      case ValidationTypes.IS_DEFINED:
      case ValidationTypes.CUSTOM_VALIDATION: {
        const found = validatorStorage.getTargetValidatorConstraints(metadata.constraintCls);
        if (found.length === 0 || found.some((constraint) => constraint.async)) return undefined;
        const rule = {
          property: name,
          each: Boolean(metadata.each),
          constraints: metadata.constraints,
          validators: found.map((constraint) => constraint.instance),
        };
        (metadata.type === ValidationTypes.IS_DEFINED ? property.defined : property.rules).push(rule);
        break;
      }
      case ValidationTypes.NESTED_VALIDATION:
        property.nested = true;
        break;
      case ValidationTypes.WHITELIST:
        break;
      default:
        return undefined; // promise validation, or a type this module does not know
    }
  }
  return transformsPlainly(dto, properties) && constructsEmpty(dto, properties)
    ? { dto, targetName: dto.name, properties }
    : undefined;
}

/** plainToInstance copies the properties as they are, but for nested DTOs named by @Type. */
function transformsPlainly(dto: Dto, properties: Map<string, Property>): boolean {
  const storage = transformerStorage;
  if (storage.getStrategy(dto) !== 'none') return false;
  if (storage.getExposedMetadatas(dto).length > 0 || storage.getExcludedMetadatas(dto).length > 0) return false;
  for (const property of properties.values()) {
    const { name } = property;
    for (const direction of [TransformationType.PLAIN_TO_CLASS, TransformationType.CLASS_TO_PLAIN]) {
      if (storage.findTransformMetadatas(dto, name, direction).length > 0) return false;
    }
    const type = storage.findTypeMetadata(dto, name);
    if (property.nested !== (type !== undefined)) return false;
    if (type) {
      if (type.options?.discriminator || typeof type.typeFunction !== 'function') return false;
      if (type.reflectedType === Map) return false; // plainToInstance would build a Map
      property.type = type;
    }
  }
  return true;
}

/** `new dto()`, as plainToInstance makes it, holds nothing yet, and no property is inherited. */
function constructsEmpty(dto: Dto, properties: Map<string, Property>): boolean {
  for (const name of properties.keys()) if (name in dto.prototype) return false;
  let fresh: object;
  try {
    fresh = new dto();
  } catch {
    return false;
  }
  if (Object.getPrototypeOf(fresh) !== dto.prototype || !Object.isExtensible(fresh)) return false;
  return Reflect.ownKeys(fresh).every((key) => {
    const own = Object.getOwnPropertyDescriptor(fresh, key);
    return (
      typeof key === 'string' &&
      properties.has(key) &&
      own !== undefined &&
      own.value === undefined &&
      own.writable === true &&
      !own.get &&
      !own.set
    );
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** The instance plainToInstance would build from `input`, or NOT_PROVEN for input beyond the supported. */
function build(plan: Plan, input: unknown): object | typeof NOT_PROVEN {
  if (!isPlainObject(input)) return NOT_PROVEN;
  const instance = new plan.dto() as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    const property = plan.properties.get(key);
    if (!property) return NOT_PROVEN; // unknown, or skipped by plainToInstance (`__proto__`, `constructor`)
    const value = input[key];
    const copy = property.type ? nestedCopy(property.type, key, value, instance, input) : plainCopy(value);
    if (copy === NOT_PROVEN) return NOT_PROVEN;
    instance[key] = copy;
  }
  return instance;
}

function isPrimitive(value: unknown): boolean {
  const type = typeof value;
  return value === null || type === 'string' || type === 'number' || type === 'boolean' || type === 'undefined';
}

/** A value of a property without @Type: primitives as they are, an array copied. */
function plainCopy(value: unknown): unknown {
  if (isPrimitive(value)) return value;
  if (!Array.isArray(value)) return NOT_PROVEN;
  const copy: unknown[] = [];
  for (let i = 0; i < value.length; i++) {
    if (!(i in value) || !isPrimitive(value[i])) return NOT_PROVEN; // a hole would be dropped
    copy.push(value[i]);
  }
  return copy;
}

/** A value of a @Type property: the type asked for as plainToInstance asks, each object built. */
function nestedCopy(type: TypeMetadata, property: string, value: unknown, newObject: object, object: object): unknown {
  const dto = type.typeFunction({ newObject, object, property }) as Dto;
  if (isPrimitive(value)) return value;
  const plan = planOf(dto);
  if (!plan) return NOT_PROVEN;
  if (!Array.isArray(value)) return build(plan, value);
  if (type.reflectedType !== Array && type.reflectedType !== undefined) return NOT_PROVEN;
  const copy: unknown[] = [];
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) return NOT_PROVEN;
    const element = build(plan, value[i]);
    if (element === NOT_PROVEN) return NOT_PROVEN;
    copy.push(element);
  }
  return copy;
}

/** Every rule of the instance's class holds, as ValidationExecutor.execute would find. */
function holds(plan: Plan, instance: object): boolean {
  const values = instance as Record<string, unknown>;
  for (const property of plan.properties.values()) {
    const value = values[property.name];
    if (property.conditions.length > 0) {
      let canValidate: unknown = true;
      for (const condition of property.conditions) {
        const result = condition(instance, value); // every condition is called, as the executor does
        canValidate = canValidate && result;
      }
      if (!canValidate) continue;
    }
    for (const rule of property.defined) if (!ruleHolds(rule, plan.targetName, instance, value)) return false;
    for (const rule of property.rules) if (!ruleHolds(rule, plan.targetName, instance, value)) return false;
    if (property.nested && value !== undefined && !nestedHolds(value)) return false;
  }
  return true;
}

function ruleHolds(rule: Rule, targetName: string, object: object, value: unknown): boolean {
  for (const validator of rule.validators) {
    const { property, constraints } = rule;
    const args: ValidationArguments = { targetName, property, object, value, constraints };
    if (rule.each && Array.isArray(value)) {
      for (const element of value) if (!isTrue(validator.validate(element, args))) return false;
    } else if (!isTrue(validator.validate(value, args))) return false;
  }
  return true;
}

/**
 * Exactly true. A promise from a rule registered as synchronous is not proven, and its rejection
 * handled here: the slow path awaits the rule again, and meets the rejection as before.
 */
function isTrue(result: unknown): boolean {
  if (result === true) return true;
  if (typeof (result as Promise<unknown> | null)?.then === 'function')
    (result as Promise<unknown>).catch(() => undefined);
  return false;
}

/** ValidateNested: each element (or the value) an instance this module built, its rules holding. */
function nestedHolds(value: unknown): boolean {
  const elements = Array.isArray(value) ? value : [value];
  return elements.every((element) => {
    const plan = typeof element === 'object' && element !== null ? planOf(element.constructor as Dto) : undefined;
    return plan !== undefined && holds(plan, element as object);
  });
}
