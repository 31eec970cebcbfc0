import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsOptional,
  IsString,
  Min,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  validate,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { certainlyValid } from './validity-plan';
import { VALIDATOR_OPTIONS } from './validation';

class Line {
  @IsString() sku!: string;
  @IsInt() @Min(1) quantity!: number;
}

class Order {
  @IsString() id!: string;
  @IsOptional() @IsString() note?: string;
  @ValidateIf((o: Order) => o.id === 'gift') @IsString() wrapping?: string;
  @IsInt({ each: true }) codes: number[] = [];
  @ValidateNested({ each: true }) @Type(() => Line) lines!: Line[];
}

@ValidatorConstraint({ async: true })
class SlowCheck implements ValidatorConstraintInterface {
  async validate() {
    return true;
  }
}
class WithAsyncRule {
  @Validate(SlowCheck) name!: string;
}

class WithGroups {
  @IsString({ groups: ['admin'] }) name!: string;
}

class WithIsDefined {
  @IsDefined() name!: string;
}

const order = (body: object) => plainToInstance(Order, body);
const valid = { id: 'o-1', codes: [1, 2], lines: [{ sku: 'A', quantity: 2 }] };

describe('certainlyValid', () => {
  it('says yes for a valid object, optional and conditional fields absent', async () => {
    expect(certainlyValid(order(valid))).toBe(true);
    expect(await validate(order(valid), VALIDATOR_OPTIONS)).toEqual([]);
  });

  it('says no for unknown fields, broken rules, bad items and bad nested objects', () => {
    expect(certainlyValid(order({ ...valid, extra: 1 }))).toBe(false);
    expect(certainlyValid(order({ ...valid, note: 5 }))).toBe(false);
    expect(certainlyValid(order({ ...valid, codes: [1, 'x'] }))).toBe(false);
    expect(certainlyValid(order({ ...valid, lines: [{ sku: 'A', quantity: 0 }] }))).toBe(false);
    expect(certainlyValid(order({ ...valid, lines: [{ sku: 'A', quantity: 1, more: true }] }))).toBe(false);
    expect(certainlyValid(order({ ...valid, lines: [null] }))).toBe(false);
    expect(certainlyValid(order({ ...valid, lines: 'x' }))).toBe(false);
  });

  it('applies conditions as class-validator does', () => {
    expect(certainlyValid(order({ ...valid, id: 'gift' }))).toBe(false); // wrapping now required
    expect(certainlyValid(order({ ...valid, id: 'gift', wrapping: 'red' }))).toBe(true);
  });

  it('leaves to class-validator what it does not cover', async () => {
    const asyncRule = plainToInstance(WithAsyncRule, { name: 'x' });
    expect(certainlyValid(asyncRule)).toBe(false);
    expect(await validate(asyncRule, VALIDATOR_OPTIONS)).toEqual([]);
    expect(certainlyValid(plainToInstance(WithGroups, { name: 'x' }))).toBe(false);
    expect(certainlyValid(plainToInstance(WithIsDefined, { name: 'x' }))).toBe(false);
    expect(certainlyValid({ id: 'plain object' })).toBe(false); // no rules: forbidUnknownValues refuses it
    expect(certainlyValid(null)).toBe(false);
  });
});
