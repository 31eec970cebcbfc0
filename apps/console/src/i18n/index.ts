// One i18n layer for every string: i18next with one namespace per screen, loaded with the
// screen (locales/<lang>/<namespace>.json; a new screen adds its files, nothing else). The
// language is remembered, and sets <html lang dir>.
import i18next, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['en', 'fa'] as const;
export type Language = (typeof LANGUAGES)[number];
const RTL = new Set<string>(['fa']);
const STORAGE_KEY = 'ledger.language';

// Vite turns this into one small chunk per file, fetched when a screen first needs it.
const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json');

const lazyResources: BackendModule = {
  type: 'backend',
  init() {},
  read(language, namespace, callback) {
    const load = files[`./locales/${language}/${namespace}.json`];
    if (!load) return callback(null, {});
    load().then(
      (module) => callback(null, module.default),
      (error: Error) => callback(error, null),
    );
  },
};

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Language;
  return navigator.language.toLowerCase().startsWith('fa') ? 'fa' : 'en';
}

function applyToDocument(language: string): void {
  document.documentElement.lang = language;
  document.documentElement.dir = RTL.has(language) ? 'rtl' : 'ltr';
}

export async function setupI18n(): Promise<void> {
  const language = initialLanguage();
  applyToDocument(language);
  i18next.on('languageChanged', (next) => {
    applyToDocument(next);
    localStorage.setItem(STORAGE_KEY, next);
  });
  await i18next
    .use(lazyResources)
    .use(initReactI18next)
    .init({
      lng: language,
      fallbackLng: 'en',
      supportedLngs: [...LANGUAGES],
      ns: ['common'],
      defaultNS: 'common',
      // A screen's namespace holds its own words; shared ones (errors, roles) come from common.
      fallbackNS: 'common',
      interpolation: { escapeValue: false },
      react: { useSuspense: true },
      returnNull: false,
    });
}

export const isRtl = (language: string): boolean => RTL.has(language);
export { i18next };
