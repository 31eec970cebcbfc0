// The tools' command lines: what parses, and what is refused with which reason.
import { join } from 'node:path';
import { commandLine, parseCliArgs, UsageError } from './cli-args';

const SPEC = { options: ['data-dir', 'batch'], flags: ['resume'] };

describe('parseCliArgs', () => {
  it('takes options (spaced or with =), flags and positionals in any order, and -- before a file named like an option', () => {
    const args = parseCliArgs(['a.csv', '--batch=5', '--resume', '--data-dir', 'd', '--', '--odd.csv'], SPEC);
    expect(args).toEqual({
      positional: ['a.csv', '--odd.csv'],
      options: { batch: '5', 'data-dir': 'd' },
      flags: new Set(['resume']),
      directory: process.cwd(),
    });
  });

  it.each([
    [['--reusme'], "unknown option '--reusme'"],
    [['-r'], "unknown option '-r'"],
    [['--batch'], '--batch needs a value (--batch <value>, or --batch=<value> for one starting with -)'],
    [['--batch', '--resume'], '--batch needs a value'],
    [['--resume=yes'], '--resume takes no value'],
  ])('refuses %j: %s', (argv, reason) => {
    expect(() => parseCliArgs(argv, SPEC)).toThrow(UsageError);
    expect(() => parseCliArgs(argv, SPEC)).toThrow(reason);
  });
});

describe('commandLine', () => {
  const run = (argv: string[]) => {
    const printed: string[] = [];
    return { result: commandLine(argv, SPEC, 'usage: tool', (line) => printed.push(line)), printed };
  };

  it('answers --help with the usage and exit code 0, a refused line with the reason, the usage and 2', () => {
    expect(run(['--help'])).toEqual({ result: 0, printed: ['usage: tool'] });
    expect(run(['--bogus'])).toEqual({ result: 2, printed: ["unknown option '--bogus'\nusage: tool"] });
    expect(run(['--resume']).result).toEqual({
      positional: [],
      options: {},
      flags: new Set(['resume']),
      directory: process.cwd(),
    });
  });

  it('takes as many arguments besides options as the tool says, and names each one more', () => {
    expect(run(['x']).result).toBe(2); // none by default
    const printed: string[] = [];
    const spec = { ...SPEC, positionals: 1 };
    expect(commandLine(['a.csv'], spec, 'usage: tool', (line) => printed.push(line))).toMatchObject({
      positional: ['a.csv'],
      options: {},
      flags: new Set(),
    });
    expect(commandLine(['a.csv', 'b.csv', 'c'], spec, 'usage: tool', (line) => printed.push(line))).toBe(2);
    expect(printed).toEqual(["unexpected 'b.csv', 'c'\nusage: tool"]);
  });

  it("gives paths from the directory npm was run in when npm runs the tool's own script", () => {
    const spec = { options: ['data-dir', 'batch'], flags: [], positionals: 1, script: 'import', paths: ['data-dir'] };
    const npm = { npm_lifecycle_event: 'import', INIT_CWD: '/home/ada/exports' };
    const argv = ['orders.csv', '--data-dir', '../data', '--batch', '50'];
    expect(commandLine(argv, { ...spec, positionalPaths: true }, 'usage', () => {}, npm)).toEqual({
      positional: ['/home/ada/exports/orders.csv'],
      options: { 'data-dir': '/home/ada/data', batch: '50' },
      flags: new Set(),
      directory: '/home/ada/exports',
    });
    // An empty path (`--data-dir "$DIR"`, DIR unset) is refused, not taken for the directory.
    const printed: string[] = [];
    expect(commandLine(['--data-dir='], spec, 'usage', (line) => printed.push(line), npm)).toBe(2);
    expect(printed).toEqual(['--data-dir needs a path, got nothing\nusage']);
    // Another script (a test under `npm test`), or none: from the process's own directory.
    for (const env of [{ ...npm, npm_lifecycle_event: 'test' }, {}]) {
      expect(commandLine(argv, spec, 'usage', () => {}, env)).toMatchObject({
        positional: ['orders.csv'],
        options: { 'data-dir': join(process.cwd(), '../data') },
        directory: process.cwd(),
      });
    }
  });
});
