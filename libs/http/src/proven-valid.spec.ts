import 'reflect-metadata';
import { Exclude, Expose, plainToInstance, Transform, Type } from 'class-transformer';
import {
  Allow,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  ValidatePromise,
  validate,
  type ValidationArguments,
} from 'class-validator';
import { provenValid } from './proven-valid';
import { VALIDATOR_OPTIONS } from './validation';

class Line {
  @IsString() @Length(1, 10) sku!: string;
  @IsInt() @Min(1) quantity!: number;
  @IsOptional() @IsString() note?: string;
}

class Order {
  @IsString() id!: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => Line) lines!: Line[];
  @IsOptional() @ValidateNested() @Type(() => Line) gift?: Line;
  @IsOptional() @IsString({ each: true }) tags?: string[];
}

const order = {
  id: 'o-1',
  lines: [
    { sku: 'A', quantity: 2 },
    { sku: 'B', quantity: 1, note: 'wrap' },
  ],
  tags: ['x'],
};

/** Registers a rule whose validate answers `answer(value)`. */
function Answers(answer: (value: unknown) => unknown, options: { async?: boolean } = {}): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'answers',
      target: target.constructor,
      propertyName: String(property),
      async: options.async,
      validator: { validate: (value: unknown) => answer(value) as boolean },
    });
}

describe('provenValid', () => {
  it('proves nested classes, building what plainToInstance builds', async () => {
    const input = { ...order, gift: { sku: 'G', quantity: 1 } };
    const built = provenValid(Order, input);
    expect(built).toBeInstanceOf(Order);
    expect(built).toStrictEqual(plainToInstance(Order, input));
    expect(built!.lines[1]).toBeInstanceOf(Line);
    expect(built!.gift).toBeInstanceOf(Line);
    expect(built!.lines).not.toBe(input.lines);
    expect(built!.tags).not.toBe(input.tags);
    expect(await validate(built!, VALIDATOR_OPTIONS)).toEqual([]);
  });

  it('skips the rules of an optional property that is null or missing, as class-validator does', () => {
    expect(provenValid(Order, { ...order, gift: null, tags: undefined })).toBeInstanceOf(Order);
    expect(provenValid(Line, { sku: 'A', quantity: 1, note: null })).toBeInstanceOf(Line);
  });

  it('does not prove what class-validator refuses, in the class or a nested one', async () => {
    const refused = [
      { ...order, id: 7 },
      { ...order, lines: [] },
      { ...order, lines: [{ sku: 'A', quantity: 0 }] },
      { ...order, lines: [{ sku: 'A', quantity: 1, colour: 'red' }] },
      { ...order, gift: 'G' },
      { ...order, tags: ['x', 1] },
      { ...order, extra: true },
      { id: 'o-1' },
    ];
    for (const input of refused) {
      expect(provenValid(Order, input)).toBeUndefined();
      expect(await validate(plainToInstance(Order, input), VALIDATOR_OPTIONS)).not.toEqual([]);
    }
  });

  it('leaves to class-validator input that plainToInstance reshapes', () => {
    const shapes = [
      JSON.parse('{"__proto__": {"x": 1}, "id": "o-1", "lines": [{"sku": "A", "quantity": 1}]}'),
      { ...order, constructor: 'x' },
      Object.assign(Object.create(null), order),
      { ...order, lines: new Set(order.lines) },
      { ...order, lines: [[{ sku: 'A', quantity: 1 }]] },
      { ...order, id: new String('o-1') },
      [order],
      null,
      'order',
    ];
    for (const input of shapes) expect(provenValid(Order, input)).toBeUndefined();
  });

  it('calls each rule as ValidationExecutor does, with the same arguments', async () => {
    const seen: Record<string, unknown>[] = [];
    class Watched {
      @IsOptional() @Answers((value) => (seen.push({ value }), true)) name?: string;
      @IsString({ each: true }) @Answers((value) => (seen.push({ each: value }), true)) tags!: string[];
    }
    const captured: ValidationArguments[] = [];
    const remember = (args: ValidationArguments) => {
      captured.push({ ...args, object: { ...args.object } });
      return true;
    };
    class Argued {
      @ValidateIf((_object, value) => value !== 'skip') @Length(1, 5) @Answers(() => true) code!: string;
    }
    registerDecorator({
      name: 'remember',
      target: Argued,
      propertyName: 'code',
      constraints: ['c1'],
      validator: { validate: (_value: unknown, args?: ValidationArguments) => remember(args!) },
    });

    expect(provenValid(Watched, { name: 'a', tags: ['x', 'y'] })).toBeInstanceOf(Watched);
    expect(provenValid(Watched, { tags: [] })).toBeInstanceOf(Watched);
    expect(seen).toEqual([{ value: 'a' }, { each: ['x', 'y'] }, { each: [] }]);

    expect(provenValid(Argued, { code: 'ab' })).toBeInstanceOf(Argued);
    const fast = captured.splice(0);
    await validate(plainToInstance(Argued, { code: 'ab' }), VALIDATOR_OPTIONS);
    expect(fast).toEqual(captured);
    expect(fast[0]).toMatchObject({ targetName: 'Argued', property: 'code', value: 'ab', constraints: ['c1'] });
    expect(provenValid(Argued, { code: 'skip' })).toBeInstanceOf(Argued);
    expect(provenValid(Argued, { code: 'too long' })).toBeUndefined();
  });

  it('proves only a rule answering exactly true, synchronously, without throwing', () => {
    const answering = (answer: (value: unknown) => unknown) => {
      class Answered {
        @Answers(answer) value!: unknown;
      }
      return provenValid(Answered, { value: 1 });
    };
    expect(answering(() => true)).toBeDefined();
    expect(answering(() => 1)).toBeUndefined();
    expect(answering(() => Promise.resolve(true))).toBeUndefined();
    expect(
      answering(() => {
        throw new Error('rule failed');
      }),
    ).toBeUndefined();
  });

  it('leaves no rejection unhandled when a rule registered as synchronous answers a failing promise', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      class Looked {
        @Answers(() => Promise.reject(new Error('lookup failed'))) value!: unknown;
      }
      expect(provenValid(Looked, { value: 1 })).toBeUndefined();
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('is written for the class-validator and class-transformer it reads the metadata of', () => {
    // It calls their rules as their executors do and reads their metadata storages: an upgrade
    // of either must be read against it (and the differential spec, batch-item-prepare.spec.ts,
    // run) before this pin moves.
    const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version; // eslint-disable-line @typescript-eslint/no-require-imports
    expect({ validator: version('class-validator'), transformer: version('class-transformer') }).toEqual({
      validator: '0.14.2',
      transformer: '0.5.1',
    });
  });

  it('never proves a class with metadata beyond what it knows', () => {
    class Grouped {
      @IsString({ groups: ['admin'] }) name!: string;
    }
    class Always {
      @IsString({ always: true }) name!: string;
    }
    class Transformed {
      @IsString() @Transform(({ value }) => String(value).trim()) name!: string;
    }
    class Exposed {
      @IsString() @Expose({ name: 'full_name' }) name!: string;
    }
    class Excluded {
      @IsString() name!: string;
      @Exclude() @Allow() secret?: string;
    }
    @Exclude()
    class ExcludedClass {
      @Expose() @IsString() name!: string;
    }
    @Exclude()
    class ExcludeAll {
      @IsOptional() @IsString() name?: string;
    }
    class Promised {
      @ValidatePromise() @IsString() name!: string;
    }
    class AsyncRule {
      @Answers(() => true, { async: true }) name!: string;
    }
    class Discriminated {
      @ValidateNested()
      @Type(() => Line, { discriminator: { property: 'kind', subTypes: [{ name: 'line', value: Line }] } })
      line!: Line;
    }
    class NotADto {
      @ValidateNested() @Type(() => Date) when!: Date;
    }
    class Untyped {
      @ValidateNested() line!: Line;
    }
    class Initialised {
      @IsString() name: string = 'anonymous';
    }
    class WithParameters {
      @IsString() name!: string;
      constructor(name: string) {
        this.name = name;
      }
    }
    class Undecorated {
      @IsString() name!: string;
      note?: string;
    }
    class Accessor {
      @IsString() name!: string;
      @IsOptional() @IsString() get upper(): string {
        return this.name.toUpperCase();
      }
    }
    class NoRules {
      name?: string;
    }
    class Defined {
      @IsDefined() @IsIn(['a']) name!: string;
    }
    const cases: [new (...args: never[]) => object, object][] = [
      [Grouped, { name: 'a' }],
      [Always, { name: 'a' }],
      [Transformed, { name: 'a' }],
      [Exposed, { name: 'a' }],
      [Excluded, { name: 'a' }],
      [ExcludedClass, { name: 'a' }],
      [ExcludeAll, { name: 'a' }],
      [Promised, { name: 'a' }],
      [AsyncRule, { name: 'a' }],
      [Discriminated, { line: { sku: 'A', quantity: 1 } }],
      [NotADto, { when: '2026-01-01' }],
      [Untyped, { line: { sku: 'A', quantity: 1 } }],
      [Initialised, { name: 'a' }],
      [WithParameters, { name: 'a' }],
      [Undecorated, { name: 'a' }],
      [Accessor, { name: 'a' }],
      [NoRules, {}],
    ];
    for (const [dto, input] of cases)
      expect([dto.name, provenValid(dto as new () => object, input)]).toEqual([dto.name, undefined]);
    expect(provenValid(Defined, { name: 'a' })).toBeInstanceOf(Defined);
  });

  it('sees rules registered after a class was first proven', () => {
    class Later {
      @IsString() name!: string;
    }
    expect(provenValid(Later, { name: 'a' })).toBeInstanceOf(Later);
    Min(5)(Later.prototype, 'name');
    expect(provenValid(Later, { name: 'a' })).toBeUndefined();
  });
});
