// class-validator's rule look-ups are cached per class (validation.ts): the answers must stay
// those of the library, also for rules registered after a class was first validated.
import { IsInt, IsString, registerDecorator } from 'class-validator';
import { flatten, validateInput } from './validation';

class Customer {
  @IsString()
  name!: unknown;
}

const problemsOf = async (value: object) => flatten(await validateInput(value)).map((p) => `${p.field}: ${p.reason}`);

describe('validateInput with cached rule look-ups', () => {
  it("applies a class's rules, unknown fields refused, the same on every call", async () => {
    const bad = Object.assign(new Customer(), { name: 7, extra: 1 });
    const expected = ['extra: property extra should not exist', 'name: name must be a string'];
    expect(await problemsOf(bad)).toEqual(expected);
    expect(await problemsOf(bad)).toEqual(expected);
    expect(await problemsOf(Object.assign(new Customer(), { name: 'Ada' }))).toEqual([]);
  });

  it('answers an input whose own constructor member is not a class (no cache key) with problems, not a throw', async () => {
    const odd = Object.assign(new Customer(), { name: 'Ada', constructor: 5 });
    // class-validator's own answer for a value whose class it cannot tell (forbidUnknownValues).
    expect(await problemsOf(odd)).toEqual([expect.stringContaining('an unknown value was passed')]);
  });

  it('sees rules registered after the first validation: a subclass, and a rule added to the class', async () => {
    expect(await problemsOf(Object.assign(new Customer(), { name: 'Ada' }))).toEqual([]);
    class KeyAccount extends Customer {
      @IsInt()
      tier!: unknown;
    }
    expect(await problemsOf(Object.assign(new KeyAccount(), { name: 1, tier: 'gold' }))).toEqual([
      'tier: tier must be an integer number', // the class's own rules first, as class-validator orders them
      'name: name must be a string',
    ]);
    registerDecorator({
      name: 'notBlank',
      target: Customer,
      propertyName: 'name',
      validator: { validate: (value: unknown) => typeof value === 'string' && value.trim() !== '' },
      options: { message: 'name must not be blank' },
    });
    expect(await problemsOf(Object.assign(new Customer(), { name: ' ' }))).toEqual(['name: name must not be blank']);
  });
});
