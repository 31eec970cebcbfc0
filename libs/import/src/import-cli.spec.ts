// The CLI refuses numeric options it cannot use before opening anything.
import { runImportCli } from './import-cli';
import { tempDirs, writeIn } from './test-support/import-fixtures';

const tmp = tempDirs();

describe('import CLI options', () => {
  it.each([
    ['--concurrency', '0'],
    ['--concurrency', 'many'],
    ['--batch', '2.5'],
    ['--state-cache-mb', '0'],
  ])('refuses %s %s with exit code 2 and says why', async (option, value) => {
    const file = writeIn(
      tmp.dir,
      'orders.csv',
      'order_id,sku,quantity,unit_price,customer_id,date\n1,A,1,2,c1,2026-01-01\n',
    );
    const printed: string[] = [];
    const code = await runImportCli([file, '--preset', 'transactions', '--dry-run', option, value], (line) =>
      printed.push(line),
    );
    expect(code).toBe(2);
    expect(printed.join('\n')).toContain(`${option} takes a whole number of at least 1`);
  });
});
