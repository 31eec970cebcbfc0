// A chart with its question as the caption and its table alternative: hidden from sight but
// read by screen readers, shown on request ("Show as table") for anyone who prefers figures.
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Without `table`, the figures are in a visible table next to the figure (no toggle). */
export function ChartFigure({ title, chart, table }: { title: string; chart: ReactNode; table?: ReactNode }) {
  const { t } = useTranslation('dashboard');
  const [showTable, setShowTable] = useState(false);
  const id = useId();
  return (
    <figure className="panel chart-figure" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart-title">
        {title}
      </figcaption>
      {table && (
        <button
          type="button"
          className="ghost small chart-toggle"
          aria-expanded={showTable}
          onClick={() => setShowTable(!showTable)}
        >
          {showTable ? t('chart.hideTable') : t('chart.showTable')}
        </button>
      )}
      {chart}
      {table && <div className={showTable ? 'chart-table' : 'visually-hidden'}>{table}</div>}
    </figure>
  );
}
