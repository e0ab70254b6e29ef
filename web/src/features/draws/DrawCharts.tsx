import { useLang, useMessages } from '../../app/i18n';
import { BarChart } from '../stock/BarChart';
import { formatCount } from '../stock/labels';
import type { PublicDrawDetail } from './contracts';
import { drawMessages } from './messages';

type Breakdown = Pick<PublicDrawDetail, 'byEvent' | 'bySeats'>;

/**
 * The results charts: seats filled per event against its quota, and outcome by entry size. Each is a figure
 * whose caption says the totals, drawn as a data table whose bars only repeat the numbers (RGAA 1.1, 4.1):
 * nothing is told by colour alone.
 */
export function DrawCharts({ breakdown, headingLevel }: { breakdown: Breakdown; headingLevel: 'h2' | 'h3' }) {
  const lang = useLang();
  const t = useMessages(drawMessages);
  const Heading = headingLevel;
  const filled = breakdown.byEvent.reduce((sum, row) => sum + row.filled, 0);
  const quota = breakdown.byEvent.reduce((sum, row) => sum + row.quota, 0);
  const allocated = breakdown.bySeats.reduce((sum, row) => sum + row.allocated, 0);
  const reserve = breakdown.bySeats.reduce((sum, row) => sum + row.reserve, 0);
  return (
    <>
      <figure className="fr-my-4w" aria-labelledby="graphique-evenements">
        <Heading id="graphique-evenements">{t.eventChartTitle}</Heading>
        <figcaption>{t.eventChartSummary(formatCount(lang, filled), formatCount(lang, quota))}</figcaption>
        <BarChart
          caption={t.eventChartTitle}
          rowHeader={t.eventColumn}
          totalLabel={t.quota}
          series={[
            { key: 'filled', label: t.filled, colour: '--background-action-high-blue-france' },
            { key: 'left', label: t.left, colour: '--background-contrast-grey-active' },
          ]}
          rows={breakdown.byEvent.map((row) => ({
            label: row.event,
            values: { filled: row.filled, left: Math.max(0, row.quota - row.filled) },
          }))}
        />
      </figure>
      <figure className="fr-my-4w" aria-labelledby="graphique-tailles">
        <Heading id="graphique-tailles">{t.sizeChartTitle}</Heading>
        <figcaption>
          {t.sizeChartSummary(formatCount(lang, allocated), formatCount(lang, reserve))}
        </figcaption>
        <BarChart
          caption={t.sizeChartTitle}
          rowHeader={t.sizeColumn}
          totalLabel={t.entries}
          series={[
            { key: 'allocated', label: t.allocated, colour: '--background-action-high-blue-france' },
            { key: 'reserve', label: t.reserve, colour: '--background-contrast-grey-active' },
          ]}
          rows={breakdown.bySeats.map((row) => ({
            label: t.size(row.seats),
            values: { allocated: row.allocated, reserve: row.reserve },
          }))}
        />
      </figure>
    </>
  );
}
