import { byteSize, parseJsonBody } from './json-body';
import { RefusedRequest } from './refused-request';

describe('byteSize', () => {
  it.each([
    ['256kb', 262_144],
    ['8KB', 8192],
    ['1mb', 1_048_576],
    ['1.5kb', 1536],
    ['100', 100],
  ])('reads %s as %d bytes', (limit, bytes) => expect(byteSize(limit)).toBe(bytes));

  it('refuses a size it cannot read', () => expect(() => byteSize('lots')).toThrow(/not a size/));
});

describe('parseJsonBody', () => {
  it('reads objects and arrays; an empty body is an empty object', () => {
    expect(parseJsonBody(' {"a":[1,{"b":null}]} ')).toEqual({ a: [1, { b: null }] });
    expect(parseJsonBody('[1]')).toEqual([1]);
    expect(parseJsonBody('  \n')).toEqual({});
  });

  it.each(['"phone"', '42', 'null', '{"channel": ', '{a:1}'])('refuses %s as MALFORMED_JSON on body', (text) => {
    const thrown = (() => {
      try {
        parseJsonBody(text);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(RefusedRequest);
    expect(thrown).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON', field: 'body' });
  });
});
