// A complaint's SLA clock, live: time left (or overdue) and its state in words and colour.
// "Due soon" is the API's default window (4 hours before the due time).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDuration } from '../format/format';

const DUE_SOON_MS = 4 * 3_600_000;

export type SlaState = 'on_time' | 'due_soon' | 'breached';

export function slaState(dueAt: string, now: number): SlaState {
  const left = Date.parse(dueAt) - now;
  return left < 0 ? 'breached' : left <= DUE_SOON_MS ? 'due_soon' : 'on_time';
}

/** The current time, refreshed every `everyMs` (one timer per component using it). */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function SlaCountdown({ dueAt, now }: { dueAt: string; now: number }) {
  const { t, i18n } = useTranslation();
  const state = slaState(dueAt, now);
  const left = Date.parse(dueAt) - now;
  const duration = formatDuration(left, i18n.language);
  return (
    <span className={`badge sla sla-${state}`} title={formatDateTime(dueAt, i18n.language)}>
      {t(`sla.${state}`)} · {left < 0 ? t('slaClock.overdue', { duration }) : t('slaClock.left', { duration })}
    </span>
  );
}
