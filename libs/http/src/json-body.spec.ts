import { ValidationFailed } from '@ledger/domain';
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

describe('parseJsonBody shape checks', () => {
  const limits = { maxDepth: 32, maxListLength: 5 };
  const problemsOf = (text: string) => {
    try {
      parseJsonBody(text, limits);
      return [];
    } catch (error) {
      return (error as ValidationFailed).problems?.map((p) => p.field) ?? [(error as Error).message];
    }
  };

  it('finds a prototype key however it is spelled, and a long list in a short body', () => {
    expect(problemsOf('{"a":{"__proto__":1}}')).toEqual(['a.__proto__']);
    expect(problemsOf('{"a":[{"__pr\\u006fto__":1}]}')).toEqual(['a[0].__proto__']);
    expect(problemsOf('{"constructor":{"prototype":1}}')).toEqual(['constructor']);
    expect(problemsOf('{"a":[1,2,3,4,5,6]}')).toEqual(['a has 6 items; a list may have at most 5']);
  });

  it('lets the usual body through untouched', () => {
    expect(parseJsonBody('{"reason":"prototypes arrived broken","lines":[1,2]}', limits)).toEqual({
      reason: 'prototypes arrived broken',
      lines: [1, 2],
    });
  });
});
