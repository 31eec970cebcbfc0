// The time control: a slider over every instant at which something happened or was recorded.
// At T it shows the state "as of T" (every fact that had happened by T, even if logged later)
// beside "as known at T" (what the CRM had recorded by T), the fields where they differ, and
// what changed between a second instant and T, each change with the events that caused it.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { formatDateTime } from '../../format/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useChartFormat } from '../dashboard/useChartFormat';
import type { AuditRow, DiffAnswer } from './audit-types';
import { showValue, stateDifferences, travelStops } from './time-travel';
import { auditPath, useStateAt } from './useAudit';

export function TimeTravel({ customerId, events }: { customerId: string; events: AuditRow[] }) {
  const { t, i18n } = useTranslation('auditor');
  const { format } = useChartFormat();
  const [params, setParams] = useSearchParams();
  const stops = useMemo(() => travelStops(events), [events]);
  const pick = (name: string, fallback: number) => {
    const index = stops.indexOf(params.get(name) ?? '');
    return index >= 0 ? index : fallback;
  };
  const at = pick('at', stops.length - 1);
  const from = pick('from', 0);
  const T = stops[at];
  const F = stops[from];
  const move = (name: string, index: number) => {
    const next = new URLSearchParams(params);
    next.set(name, stops[index]);
    setParams(next, { replace: true });
  };
  const asOf = useStateAt(customerId, T, undefined);
  const knownAt = useStateAt(customerId, T, T);
  const diff = useQuery({
    queryKey: ['audit-diff', customerId, F, T],
    queryFn: ({ signal }) => api.get<DiffAnswer>(`${auditPath(customerId)}/diff`, { from: F, to: T }, { signal }),
    enabled: F !== undefined && T !== undefined && Date.parse(F) <= Date.parse(T),
  });
  const differences = asOf.data && knownAt.data ? stateDifferences(knownAt.data.state, asOf.data.state) : null;
  const when = (instant: string | undefined) => (instant ? formatDateTime(instant, i18n.language) : '–');
  const eventsAt = events.filter((e) => e.occurredAt === T || e.recordedAt === T);

  if (stops.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="travel-title">
      <h2 id="travel-title">{t('travel.title')}</h2>
      <StopSlider
        label={t('travel.at')}
        stops={stops}
        index={at}
        onMove={(index) => move('at', index)}
        when={when}
        testId="travel"
      />
      <p className="muted small">
        {eventsAt
          .map((e) =>
            t('travel.stopEvent', {
              type: e.type,
              revision: e.revision,
              what: e.occurredAt === T ? t('travel.happened') : t('travel.recorded'),
            }),
          )
          .join(' · ')}
      </p>
      <div className="split">
        <StateColumn
          title={t('travel.asOf', { at: when(T) })}
          state={asOf.data?.state}
          error={asOf.error}
          testId="state-as-of"
          changed={differences}
        />
        <StateColumn
          title={t('travel.knownAt', { at: when(T) })}
          state={knownAt.data?.state}
          error={knownAt.error}
          testId="state-known-at"
          changed={differences}
        />
      </div>
      {differences && (
        <p data-testid="travel-differences" role="status">
          {differences.length === 0
            ? t('travel.same')
            : t('travel.differ', { fields: differences.map((d) => d.field).join(', ') })}
        </p>
      )}
      <h3>{t('diff.title')}</h3>
      <StopSlider
        label={t('diff.from')}
        stops={stops}
        index={from}
        onMove={(index) => move('from', index)}
        when={when}
      />
      {Date.parse(F) > Date.parse(T) && <p className="notice notice-warn">{t('diff.order')}</p>}
      {diff.error && <ErrorNotice error={diff.error} />}
      {diff.data && (
        <div className="split" data-testid="diff">
          <table className="data-table">
            <caption>{t('diff.changes', { from: when(F), to: when(T) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('diff.field')}</th>
                <th scope="col">{t('diff.before')}</th>
                <th scope="col">{t('diff.after')}</th>
              </tr>
            </thead>
            <tbody>
              {diff.data.changes.map((c) => (
                <tr key={c.field}>
                  <th scope="row" className="mono">
                    {c.field}
                  </th>
                  <td className="mono">{showValue(c.before)}</td>
                  <td className="mono">{showValue(c.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="data-table">
            <caption>{t('diff.causedBy')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('events.type')}</th>
                <th scope="col">{t('events.occurredAt')}</th>
                <th scope="col">{t('events.recordedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {diff.data.causedBy.map((e) => (
                <tr key={e.eventId}>
                  <td>{format.number(e.revision)}</td>
                  <td>{e.type}</td>
                  <td>{when(e.occurredAt)}</td>
                  <td>{when(e.recordedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const SHOWN = [
  'kind',
  'profile.name',
  'profile.country',
  'keyAccount',
  'accountManagerId',
  'lastContactAt',
  'totals.contactsByChannel',
  'totals.purchases',
  'totals.netSpend',
  'openComplaints',
  'lastContacts',
  'erased',
];

function StateColumn({
  title,
  state,
  error,
  testId,
  changed,
}: {
  title: string;
  state: object | null | undefined;
  error: unknown;
  testId: string;
  changed: { field: string }[] | null;
}) {
  const { t } = useTranslation('auditor');
  const flat = useMemo(() => new Map(stateDifferences(null, state ?? null).map((c) => [c.field, c.after])), [state]);
  const differing = new Set((changed ?? []).map((c) => c.field));
  const fields = [
    ...new Set([
      ...SHOWN.filter((f) => flat.has(f) || [...flat.keys()].some((k) => k.startsWith(`${f}.`))),
      ...differing,
    ]),
  ];
  const valueOf = (field: string) =>
    flat.has(field)
      ? showValue(flat.get(field))
      : showValue(
          Object.fromEntries(
            [...flat].filter(([k]) => k.startsWith(`${field}.`)).map(([k, v]) => [k.slice(field.length + 1), v]),
          ),
        );
  return (
    <div data-testid={testId}>
      <h3>{title}</h3>
      {error ? <ErrorNotice error={error} /> : null}
      {state === null && <p className="muted">{t('travel.unknown')}</p>}
      {state && (
        <dl className="state-list">
          {fields.map((field) => (
            <div key={field} className={differing.has(field) ? 'changed' : undefined}>
              <dt className="mono">{field}</dt>
              <dd className="mono">{valueOf(field)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

/** A slider over the stops with the chosen instant beside it; `testId` names both for tests. */
function StopSlider({
  label,
  stops,
  index,
  onMove,
  when,
  testId,
}: {
  label: string;
  stops: string[];
  index: number;
  onMove: (index: number) => void;
  when: (instant: string | undefined) => string;
  testId?: string;
}) {
  const instant = stops[index];
  return (
    <label className="travel-control">
      <span>{label}</span>
      <input
        type="range"
        min={0}
        max={stops.length - 1}
        value={index}
        onChange={(e) => onMove(Number(e.target.value))}
        aria-valuetext={when(instant)}
        data-testid={testId && `${testId}-slider`}
      />
      <output title={instant} data-testid={testId && `${testId}-at`}>
        {when(instant)}
      </output>
    </label>
  );
}
