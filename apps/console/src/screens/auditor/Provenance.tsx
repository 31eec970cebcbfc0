// Provenance: which events made a field of the customer's view what it is (e.g. totals.netSpend),
// or why the customer sits in their segment, as of the time control's instant.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { formatDateTime } from '../../format/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useChartFormat } from '../dashboard/useChartFormat';
import type { ProvenanceAnswer, SegmentProvenanceAnswer as SegmentWhy } from './audit-types';
import { showValue } from './time-travel';
import { auditPath } from './useAudit';

const SUGGESTED = [
  'totals.netSpend',
  'totals.purchases',
  'lastContactAt',
  'keyAccount',
  'accountManagerId',
  'profile.city',
  'openComplaints',
];

export function Provenance({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation('auditor');
  const { format } = useChartFormat();
  const [params, setParams] = useSearchParams();
  const [typed, setTyped] = useState(params.get('field') ?? 'totals.netSpend');
  const field = params.get('field');
  const asOf = params.get('at') ?? undefined;
  const provenance = useQuery<ProvenanceAnswer | SegmentWhy>({
    queryKey: ['audit-provenance', customerId, field, asOf],
    queryFn: ({ signal }) =>
      field === 'segment'
        ? api.get<SegmentWhy>(`${auditPath(customerId)}/provenance`, { segment: 'true', asOf }, { signal })
        : api.get<ProvenanceAnswer>(`${auditPath(customerId)}/provenance`, { field, asOf }, { signal }),
    enabled: field !== null,
  });
  const ask = (next: string) => {
    const query = new URLSearchParams(params);
    query.set('field', next);
    setParams(query, { replace: true });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typed.trim()) ask(typed.trim());
  };
  const when = (instant: string) => formatDateTime(instant, i18n.language);
  const answer = provenance.data;
  return (
    <section className="panel" aria-labelledby="provenance-title">
      <h2 id="provenance-title">{t('provenance.title')}</h2>
      <form className="filters" onSubmit={submit}>
        <label>
          {t('provenance.field')}
          <input value={typed} onChange={(e) => setTyped(e.target.value)} list="provenance-fields" spellCheck={false} />
          <datalist id="provenance-fields">
            {SUGGESTED.map((f) => (
              <option key={f} value={f} />
            ))}
          </datalist>
        </label>
        <button type="submit">{t('provenance.ask')}</button>
        <button type="button" className="ghost" onClick={() => ask('segment')}>
          {t('provenance.segment')}
        </button>
      </form>
      {provenance.error && <ErrorNotice error={provenance.error} />}
      {answer && 'changedBy' in answer && (
        <>
          <p>
            <span className="mono">{answer.field}</span> = <strong className="mono">{showValue(answer.value)}</strong>
          </p>
          <table className="data-table">
            <caption className="visually-hidden">{t('provenance.changedBy')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('events.type')}</th>
                <th scope="col">{t('events.occurredAt')}</th>
                <th scope="col">{t('diff.before')}</th>
                <th scope="col">{t('diff.after')}</th>
              </tr>
            </thead>
            <tbody>
              {answer.changedBy.map((e) => (
                <tr key={e.eventId}>
                  <td>{format.number(e.revision)}</td>
                  <td>{e.type}</td>
                  <td>{when(e.occurredAt)}</td>
                  <td className="mono">{showValue(e.before)}</td>
                  <td className="mono">{showValue(e.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {answer && 'score' in answer && (
        <p>
          {answer.score
            ? t('provenance.segmentAnswer', {
                segment: answer.score.rfmSegment,
                rfm: answer.score.rfm ?? '–',
                stage: answer.score.lifecycleStage,
                risk: answer.score.churnRisk,
                tier: answer.score.valueTier,
              })
            : answer.reason}
        </p>
      )}
    </section>
  );
}
