// Entry point of `npm run users -- add-admin --email … --name …` (see users-cli.ts).
import { runUsersCli } from './users-cli';

runUsersCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`users failed: ${error.message}`);
    process.exit(2);
  },
);
