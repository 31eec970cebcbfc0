// The list's category filter: an exact category, as the API matches it, applied on submit (not
// per keystroke); the categories of the page shown are offered as suggestions.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function CategoryFilter({
  category,
  suggestions,
  onChange,
}: {
  category: string | undefined;
  suggestions: (string | null)[];
  onChange: (category: string | undefined) => void;
}) {
  const { t } = useTranslation('products');
  const id = useId();
  // Follows the URL: a link or the back button that changes the category changes the field.
  const [typed, setTyped] = useState({ for: category, text: category ?? '' });
  const text = typed.for === category ? typed.text : (category ?? '');
  const known = [...new Set(suggestions.filter((s): s is string => s !== null))].sort();
  return (
    <form
      className="filters"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onChange(text.trim() || undefined);
      }}
    >
      <label htmlFor={`${id}-category`}>
        {t('filter.category')}
        <input
          id={`${id}-category`}
          value={text}
          list={`${id}-categories`}
          aria-describedby={`${id}-hint`}
          onChange={(event) => setTyped({ for: category, text: event.target.value })}
        />
      </label>
      <datalist id={`${id}-categories`}>
        {known.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <span id={`${id}-hint`} className="muted">
        {t('filter.hint')}
      </span>
      <button type="submit">{t('filter.apply')}</button>
      {category && (
        <button type="button" className="ghost" onClick={() => onChange(undefined)}>
          {t('filter.clear')}
        </button>
      )}
    </form>
  );
}
