// "Possible duplicates": pairs of customers that look like one person (GET /duplicate-customers),
// with why (same email, same phone, similar name) and how sure. Whoever may write merges one into
// the other after a question naming both; the survivor's 360 opens, where the merge can be undone.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import type { DuplicatePair, DuplicatesAnswer } from '../../api/types';
import { useCan } from '../../app/permissions';
import { ConfirmedCommand } from '../../forms/ConfirmedCommand';
import { formatPercent } from '../../format/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import { useCustomerName } from '../customer/useCustomerName';
import './duplicates.css';

const LIMIT = 100;

function PairRow({ pair, mayMerge }: { pair: DuplicatePair; mayMerge: boolean }) {
  const { t, i18n } = useTranslation('duplicates');
  const navigate = useNavigate();
  const [a, b] = pair.customerIds;
  const names = { [a]: useCustomerName(a), [b]: useCustomerName(b) };
  const mergeInto = (survivor: string, merged: string) => (
    <ConfirmedCommand
      label={t('mergeInto', { merged: names[merged], survivor: names[survivor] })}
      question={t('question', { merged: names[merged], survivor: names[survivor] })}
      confirm={t('confirm')}
      path={`/customers/${encodeURIComponent(survivor)}/merges`}
      body={{ mergedCustomerId: merged }}
      onDone={(result) => void navigate(`/customer/${encodeURIComponent(survivor)}?minPosition=${result.position}`)}
    />
  );
  return (
    <tr>
      {[a, b].map((id) => (
        <td key={id}>
          <Link to={`/customer/${encodeURIComponent(id)}`} dir="auto">
            {names[id]}
          </Link>{' '}
          <span className="muted small" dir="ltr">
            {id}
          </span>
        </td>
      ))}
      <td>{pair.reasons.map((reason) => t(`reasons.${reason}`)).join(', ')}</td>
      <td>{formatPercent(pair.score, i18n.language)}</td>
      {mayMerge && (
        <td>
          <div className="duplicate-actions">
            {mergeInto(a, b)}
            {mergeInto(b, a)}
          </div>
        </td>
      )}
    </tr>
  );
}

export default function DuplicatesScreen() {
  const { t } = useTranslation('duplicates');
  const mayMerge = useCan('write');
  const duplicates = useQuery({
    queryKey: ['duplicate-customers'],
    queryFn: ({ signal }) => api.get<DuplicatesAnswer>('/duplicate-customers', { limit: LIMIT }, { signal }),
  });
  return (
    <section className="page duplicates-page" aria-labelledby="duplicates-title">
      <h1 id="duplicates-title">{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {duplicates.error && <ErrorNotice error={duplicates.error} onRetry={() => void duplicates.refetch()} />}
      {!duplicates.data && !duplicates.error && <Loading />}
      {duplicates.data && duplicates.data.pairs.length === 0 && <p>{t('none')}</p>}
      {duplicates.data && duplicates.data.pairs.length > 0 && (
        <table className="data-table duplicates-table">
          <caption className="muted">{t('count', { count: duplicates.data.total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('customer')}</th>
              <th scope="col">{t('lookAlike')}</th>
              <th scope="col">{t('why')}</th>
              <th scope="col">{t('score')}</th>
              {mayMerge && <th scope="col">{t('actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {duplicates.data.pairs.map((pair) => (
              <PairRow key={pair.customerIds.join('|')} pair={pair} mayMerge={mayMerge} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
