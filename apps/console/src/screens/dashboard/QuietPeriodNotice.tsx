// Said above the charts when the months they show hold no revenue but earlier years do, with a
// button to see the customer base at the end of the last year with sales (see quiet-period.ts).
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../format/format';
import { useSetAsOf } from './AsOfPicker';

export function QuietPeriodNotice({ year }: { year: string }) {
  const { t, i18n } = useTranslation('dashboard');
  const setAsOf = useSetAsOf();
  const date = formatDate(`${year}-12-31T12:00:00Z`, i18n.language);
  return (
    <div className="notice notice-warn quiet-period" role="status" data-testid="quiet-period">
      <p>
        {t('quietPeriod.text', { date })}{' '}
        <button type="button" className="small" onClick={() => setAsOf(`${year}-12-31`)}>
          {t('quietPeriod.show', { date })}
        </button>
      </p>
    </div>
  );
}
