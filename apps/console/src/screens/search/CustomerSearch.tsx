// One search box over customers (name, email, phone, ids), shared by the Find screen and the
// Ctrl/⌘+K menu: a combobox whose options are chosen with the arrow keys and Enter.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { MergedInto } from '../../api/types';
import { useCan } from '../../app/permissions';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { recentCustomers, rememberCustomer } from './recent';
import { useCustomerSearch } from './useCustomerSearch';

interface Option {
  customerId: string;
  name: string | null;
  detail: string;
  /** What the words matched other than the name (an e-mail, a phone, an order id). */
  matchedOn?: string[];
  /** The survivor this customer is merged into, if any. */
  mergedInto?: MergedInto;
}

export function CustomerSearch({ onPicked, autoFocus = true }: { onPicked?: () => void; autoFocus?: boolean }) {
  const { t } = useTranslation('search');
  const navigate = useNavigate();
  const listId = useId();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const search = useCustomerSearch(text);
  const typing = text.trim().length > 0;
  const input = useRef<HTMLInputElement>(null);
  // Registering needs write, and the 360 it opens needs read:customer.
  const mayWrite = useCan('write');
  const mayRegister = useCan('read:customer') && mayWrite;
  // Focus on arrival (the autoFocus attribute is lost when the screen first renders suspended).
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  const options: Option[] = typing
    ? (search.data?.results ?? []).map((result) => ({
        customerId: result.customerId,
        name: result.name,
        detail: [result.email, result.phone, [result.city, result.country].filter(Boolean).join(', ')]
          .filter(Boolean)
          .join(' · '),
        matchedOn: result.matchedOn.filter((field) => field !== 'name'),
        mergedInto: result.mergedInto,
      }))
    : recentCustomers().map((recent) => ({ ...recent, detail: recent.customerId }));

  const pick = (option: Option) => {
    rememberCustomer({ customerId: option.customerId, name: option.name });
    onPicked?.();
    // react-router reports a failed navigation through its error boundary, not this promise.
    void navigate(`/customer/${encodeURIComponent(option.customerId)}`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (options.length === 0) return;
    const moves: Record<string, number> = {
      ArrowDown: (active + 1) % options.length,
      ArrowUp: (active - 1 + options.length) % options.length,
      Home: 0,
      End: options.length - 1,
    };
    if (event.key in moves && (event.key.startsWith('Arrow') || event.ctrlKey)) {
      event.preventDefault();
      setActive(moves[event.key]);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      pick(options[Math.min(active, options.length - 1)]);
    }
  };

  const activeId = options.length > 0 ? `${listId}-${Math.min(active, options.length - 1)}` : undefined;
  return (
    <div className="customer-search">
      <label htmlFor={`${listId}-input`} className="visually-hidden">
        {t('label')}
      </label>
      <input
        id={`${listId}-input`}
        className="search-input"
        type="search"
        role="combobox"
        aria-expanded={options.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        placeholder={t('placeholder')}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        ref={input}
        autoComplete="off"
        spellCheck={false}
      />
      <p className="muted search-heading" aria-live="polite">
        {typing
          ? search.isFetching && !search.data
            ? t('searching')
            : t('resultCount', { count: options.length })
          : options.length > 0
            ? t('recent')
            : t('emptyHint')}
      </p>
      {search.error && typing && <ErrorNotice error={search.error} />}
      <ul id={listId} role="listbox" aria-label={typing ? t('results') : t('recent')} className="search-results">
        {options.map((option, index) => (
          <li
            key={option.customerId}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === Math.min(active, options.length - 1)}
            onMouseEnter={() => setActive(index)}
            onClick={() => pick(option)}
          >
            <span className="result-name">{option.name ?? t('erasedName')}</span>
            <span className="result-detail" dir="auto">
              {option.detail}
            </span>
            {option.matchedOn && option.matchedOn.length > 0 && (
              <span className="result-matched">
                {t('matchedOn', { fields: option.matchedOn.map((field) => t(`fields.${field}`)).join(', ') })}
              </span>
            )}
            {option.mergedInto && (
              <span className="result-merged" dir="auto">
                {t('mergedInto', { name: option.mergedInto.name ?? option.mergedInto.customerId })}
              </span>
            )}
          </li>
        ))}
      </ul>
      {mayRegister && (
        <p className="register-link">
          <Link
            to={typing ? `/new-customer?q=${encodeURIComponent(text.trim())}` : '/new-customer'}
            onClick={() => onPicked?.()}
          >
            {typing && search.data && options.length === 0
              ? t('newCustomer.register', { text: text.trim() })
              : t('newCustomer.link')}
          </Link>
        </p>
      )}
    </div>
  );
}
