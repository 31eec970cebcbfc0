// English ⇄ Persian; each language named in itself so a reader of either can find it.
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n';

const NAMES: Record<string, string> = { en: 'English', fa: 'فارسی' };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('shell.language')}</span>
      <select value={i18n.resolvedLanguage} onChange={(event) => void i18n.changeLanguage(event.target.value)}>
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {NAMES[language]}
          </option>
        ))}
      </select>
    </label>
  );
}
