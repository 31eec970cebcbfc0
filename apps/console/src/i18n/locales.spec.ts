// Every word of the console in both languages: i18next falls back to English for a key Persian
// lacks, so a forgotten translation would show English in the Persian console and no test would
// notice. Each namespace has the same keys in en and fa, and each string the same placeholders.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCALES = join(__dirname, 'locales');
type Tree = { [key: string]: string | Tree };

function strings(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [inner, text] of strings(value, path)) out.set(inner, text);
  }
  return out;
}

const load = (language: string, file: string): Map<string, string> =>
  strings(JSON.parse(readFileSync(join(LOCALES, language, file), 'utf8')) as Tree);
const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();

describe('console translations', () => {
  const namespaces = readdirSync(join(LOCALES, 'en')).sort();

  it('has the same namespaces in both languages', () => {
    expect(readdirSync(join(LOCALES, 'fa')).sort()).toEqual(namespaces);
  });

  it.each(namespaces)('%s: the same keys, and each string the same placeholders', (file) => {
    const en = load('en', file);
    const fa = load('fa', file);
    expect({ onlyInPersian: [...fa.keys()].filter((key) => !en.has(key)) }).toEqual({ onlyInPersian: [] });
    expect({ onlyInEnglish: [...en.keys()].filter((key) => !fa.has(key)) }).toEqual({ onlyInEnglish: [] });
    const differing = [...en].filter(
      ([key, text]) => fa.has(key) && placeholders(text).join() !== placeholders(fa.get(key) ?? '').join(),
    );
    expect(differing.map(([key]) => key)).toEqual([]);
  });
});
