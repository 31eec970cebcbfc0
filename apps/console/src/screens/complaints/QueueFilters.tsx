// The queue's filters: severity and channel apply at once; category and assignee when the agent
// presses Enter or leaves the field (no request per keystroke).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTACT_CHANNELS, SEVERITIES } from '../../api/vocabulary';

interface Props {
  params: URLSearchParams;
  onChange: (changes: Record<string, string | undefined>) => void;
}

export function QueueFilters({ params, onChange }: Props) {
  const { t } = useTranslation('complaints');
  const [category, setCategory] = useState(params.get('category') ?? '');
  const [assignee, setAssignee] = useState(params.get('assignee') ?? '');
  const apply = () => onChange({ category: category.trim() || undefined, assignee: assignee.trim() || undefined });

  return (
    <form
      className="filters form-row"
      role="search"
      aria-label={t('filters')}
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
    >
      <div className="field">
        <label htmlFor="filter-severity">{t('columns.severity')}</label>
        <select
          id="filter-severity"
          value={params.get('severity') ?? ''}
          onChange={(event) => onChange({ severity: event.target.value })}
        >
          <option value="">{t('any')}</option>
          {SEVERITIES.map((severity) => (
            <option key={severity} value={severity}>
              {t(`severities.${severity}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-channel">{t('columns.channel')}</label>
        <select
          id="filter-channel"
          value={params.get('channel') ?? ''}
          onChange={(event) => onChange({ channel: event.target.value })}
        >
          <option value="">{t('any')}</option>
          {CONTACT_CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {t(`channels.${channel}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-category">{t('columns.category')}</label>
        <input
          id="filter-category"
          value={category}
          onChange={(event) => setCategory(event.target.value)}
          onBlur={apply}
          dir="auto"
        />
      </div>
      <div className="field">
        <label htmlFor="filter-assignee">{t('columns.assignee')}</label>
        <input
          id="filter-assignee"
          value={assignee}
          onChange={(event) => setAssignee(event.target.value)}
          onBlur={apply}
          dir="ltr"
        />
      </div>
      <button type="submit" className="filters-apply">
        {t('apply')}
      </button>
    </form>
  );
}
