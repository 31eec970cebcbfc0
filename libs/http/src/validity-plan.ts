// A fast yes for well-formed input. class-validator re-reads and regroups its metadata, and builds
// an error object per property, on every call; a command body is validated on every command. This
// compiles, once per class, the same metadata into a plan that runs the same constraint functions
// with the same arguments, and answers only "certainly valid" or "not sure". Anything the plan
// does not cover (groups, async or conditional-definedness rules, sets, maps, schemas) and every
// failure goes to class-validator itself, which stays the only source of error messages.
import { getMetadataStorage, type ValidationArguments } from 'class-validator';

type Condition = (object: object, value: unknown) => boolean;

interface Check {
  validate(value: unknown, args: ValidationArguments): unknown;
  each: boolean;
  property: string;
  constraints: unknown[];
}

interface PropertyPlan {
  name: string;
  conditions: Condition[];
  checks: Check[];
  /** How many ValidateNested rules the property has; each validates the value once more. */
  nested: number;
}

interface ClassPlan {
  properties: PropertyPlan[];
  allowed: Set<string>;
}

/** The subset of class-validator's MetadataStorage the plan reads; all public methods or fields. */
interface Storage {
  getTargetValidationMetadatas(
    target: Function, // eslint-disable-line @typescript-eslint/no-unsafe-function-type -- class-validator's own signature
    schema: string,
    always: boolean,
    strictGroups: boolean,
  ): Metadata[];
  getTargetValidatorConstraints(target: Function): { async: boolean; instance: Check }[]; // eslint-disable-line @typescript-eslint/no-unsafe-function-type -- idem
  validationMetadatas?: Map<unknown, unknown>;
}

interface Metadata {
  type: string;
  propertyName: string;
  constraints: unknown[];
  constraintCls: Function; // eslint-disable-line @typescript-eslint/no-unsafe-function-type -- idem
  groups?: string[];
  always?: boolean;
  each?: boolean;
}

const plans = new Map<unknown, ClassPlan | null>();

/**
 * True only when class-validator, called with whitelist, forbidNonWhitelisted and
 * forbidUnknownValues and no groups, would report no error for this object.
 */
export function certainlyValid(object: unknown): boolean {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return false;
  const plan = planFor(object.constructor);
  if (!plan) return false;
  for (const key of Object.keys(object)) if (!plan.allowed.has(key)) return false;
  const record = object as Record<string, unknown>;
  for (const property of plan.properties) {
    const value = record[property.name];
    if (!property.conditions.every((condition) => condition(object, value))) continue;
    for (const check of property.checks) if (!passes(check, object, value)) return false;
    for (let n = 0; n < property.nested; n++) if (!nestedValid(value)) return false;
  }
  return true;
}

function passes(check: Check, object: object, value: unknown): boolean {
  if (value instanceof Set || value instanceof Map) return false;
  const args: ValidationArguments = {
    targetName: object.constructor?.name,
    property: check.property,
    object,
    value,
    constraints: check.constraints,
  };
  const results =
    check.each && Array.isArray(value) ? value.map((v) => check.validate(v, args)) : [check.validate(value, args)];
  // A promise means an async rule: not ours to judge.
  return results.every((result) => result === true);
}

/** class-validator's nestedValidations: undefined passes, arrays item by item, objects by their class. */
function nestedValid(value: unknown): boolean {
  if (value === undefined) return true;
  if (value instanceof Set || value instanceof Map) return false;
  if (Array.isArray(value)) return value.every(nestedValid);
  return value instanceof Object && certainlyValid(value);
}

function planFor(target: unknown): ClassPlan | null {
  let plan = plans.get(target);
  if (plan === undefined) {
    plan = typeof target === 'function' ? compile(target) : null;
    plans.set(target, plan);
  }
  return plan;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- any class
function compile(target: Function): ClassPlan | null {
  const storage = getMetadataStorage() as unknown as Storage;
  // Schema-registered rules (string targets) would join nested classes' rules by name: not covered.
  const keys = storage.validationMetadatas ? [...storage.validationMetadatas.keys()] : null;
  if (!keys || keys.some((key) => typeof key === 'string')) return null;
  const metadatas = storage.getTargetValidationMetadatas(target, '', false, false);
  if (metadatas.length === 0) return null; // forbidUnknownValues: class-validator refuses it
  const byProperty = new Map<string, PropertyPlan>();
  for (const metadata of metadatas) {
    if (metadata.always !== undefined || (metadata.groups && metadata.groups.length > 0)) return null;
    let property = byProperty.get(metadata.propertyName);
    if (!property) {
      property = { name: metadata.propertyName, conditions: [], checks: [], nested: 0 };
      byProperty.set(metadata.propertyName, property);
    }
    if (!addRule(property, metadata, storage)) return null;
  }
  return { properties: [...byProperty.values()], allowed: new Set(byProperty.keys()) };
}

function addRule(property: PropertyPlan, metadata: Metadata, storage: Storage): boolean {
  switch (metadata.type) {
    case 'conditionalValidation':
      property.conditions.push(metadata.constraints[0] as Condition);
      return true;
    case 'nestedValidation':
      property.nested++;
      return true;
    case 'whitelistValidation':
      return true; // @Allow(): only makes the property allowed
    case 'customValidation': {
      const constraints = storage.getTargetValidatorConstraints(metadata.constraintCls);
      if (constraints.length === 0 || constraints.some((c) => c.async)) return false;
      for (const { instance } of constraints) {
        property.checks.push({
          validate: (value, args) => instance.validate(value, args),
          each: Boolean(metadata.each),
          property: metadata.propertyName,
          constraints: metadata.constraints,
        });
      }
      return true;
    }
    default:
      return false; // isDefined, promiseValidation, anything newer
  }
}
