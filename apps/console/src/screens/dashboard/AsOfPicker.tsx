// The page's one `asOf` date, kept in the URL (?asOf=2026-11-01) so a view can be shared by link.
// Empty means "now". The chosen day is also shown in the page's calendar (Persian in `fa`).
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatDate } from '../../format/format';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function useAsOf(): string | undefined {
  const [params] = useSearchParams();
  const asOf = params.get('asOf') ?? '';
  return DATE.test(asOf) ? asOf : undefined;
}

/** Sets the page's asOf (a yyyy-mm-dd day; anything else is "now"), back to the first page of any list. */
export function useSetAsOf(): (value: string) => void {
  const [params, setParams] = useSearchParams();
  return (value: string) => {
    const next = new URLSearchParams(params);
    if (DATE.test(value)) next.set('asOf', value);
    else next.delete('asOf');
    next.delete('page');
    setParams(next);
  };
}

export function AsOfPicker() {
  const { t, i18n } = useTranslation('dashboard');
  const asOf = useAsOf();
  const change = useSetAsOf();
  return (
    <div className="as-of">
      <label htmlFor="as-of-date">{t('asOf.label')}</label>
      <input id="as-of-date" type="date" value={asOf ?? ''} onChange={(e) => change(e.target.value)} />
      <span className="muted" aria-live="polite">
        {asOf ? formatDate(`${asOf}T12:00:00Z`, i18n.language) : t('asOf.now')}
      </span>
      {asOf && (
        <button type="button" className="ghost small" onClick={() => change('')}>
          {t('asOf.reset')}
        </button>
      )}
    </div>
  );
}
