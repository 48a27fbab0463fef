import { useId } from 'react';
import { chartGeometry, describeChart, linePath, type ChartPoint, type HistoryRow } from '../../lib/history/view';
import { formatPrice } from '../../lib/format';
import { formatLookupTime } from '../../lib/history/describe';
import { t } from '../../lib/i18n';

export const priceText = (value: number, currency: string | null) => formatPrice(value, currency) ?? String(value);
export const dateTimeText = (at: number) => formatLookupTime(at);

/** Markers: a circle per catalog price, a square per page price (told apart by shape and line style, not only colour). */
function Marker({ point, kind }: { point: ChartPoint; kind: 'catalog' | 'page' }) {
  return kind === 'catalog' ? (
    <circle cx={point.x} cy={point.y} r={3.5} className="chart-catalog-marker" />
  ) : (
    <rect x={point.x - 3.5} y={point.y - 3.5} width={7} height={7} className="chart-page-marker" />
  );
}

/**
 * A product's prices over time, as an inline SVG: the catalog price (solid line, circles) and the page price (dashed
 * line, squares), with a legend. For assistive technology it is one image named "Price history of …", described by
 * the prices in words with their dates (the timeline beside it lists them too).
 */
export function PriceChart({ title, lookups }: { title: string; lookups: HistoryRow[] }) {
  const descriptionId = useId();
  const g = chartGeometry(lookups);
  const description = describeChart(g, priceText, dateTimeText);
  const currency = lookups.at(-1)?.currency ?? null;
  return (
    <figure className="price-chart">
      <svg role="img" aria-label={t('chart.priceHistory', { title })} aria-describedby={descriptionId} viewBox={`0 0 ${g.width} ${g.height}`} width={g.width} height={g.height}>
        <line x1={56} x2={g.width - 12} y1={g.axis.yMin} y2={g.axis.yMin} className="chart-axis" />
        {!g.empty && (
          <>
            <text x={50} y={g.axis.yMax + 4} textAnchor="end" className="chart-label">
              {priceText(g.axis.max, currency)}
            </text>
            <text x={50} y={g.axis.yMin} textAnchor="end" className="chart-label">
              {priceText(g.axis.min, currency)}
            </text>
          </>
        )}
        <path d={linePath(g.series.catalog)} className="chart-catalog-line" />
        <path d={linePath(g.series.page)} className="chart-page-line" />
        {g.series.catalog.map((p, i) => (
          <Marker key={`c${i}`} point={p} kind="catalog" />
        ))}
        {g.series.page.map((p, i) => (
          <Marker key={`p${i}`} point={p} kind="page" />
        ))}
      </svg>
      <figcaption className="chart-legend" aria-hidden="true">
        <span>
          <svg width="26" height="10" viewBox="0 0 26 10">
            <line x1="0" x2="26" y1="5" y2="5" className="chart-catalog-line" />
            <circle cx="13" cy="5" r="3.5" className="chart-catalog-marker" />
          </svg>{' '}
          {t('chart.catalogPrice')}
        </span>
        <span>
          <svg width="26" height="10" viewBox="0 0 26 10">
            <line x1="0" x2="26" y1="5" y2="5" className="chart-page-line" />
            <rect x="9.5" y="1.5" width="7" height="7" className="chart-page-marker" />
          </svg>{' '}
          {t('chart.pagePrice')}
        </span>
      </figcaption>
      <p id={descriptionId} className="visually-hidden">
        {description}
      </p>
    </figure>
  );
}
