// docs/event-catalogue.md is the reference users read; it must name every event the code knows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES, SCHEMA_VERSIONS } from './events';

describe('docs/event-catalogue.md', () => {
  const catalogue = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'event-catalogue.md'), 'utf8');

  it.each(EVENT_TYPES)('documents %s with its current schema version', (type) => {
    expect(catalogue).toMatch(new RegExp(`\\|\\s*\`${type}\`\\s*\\|\\s*${SCHEMA_VERSIONS[type]}\\s*\\|`));
  });
});
