import type { ComponentProps } from 'react';
import { useLang, useMessages } from '../../app/i18n';
import { BarChart } from '../stock/BarChart';
import { formatCount } from '../stock/labels';
import type { PublicDrawDetail } from './contracts';
import { drawMessages } from './messages';

type Breakdown = Pick<PublicDrawDetail, 'byEvent' | 'bySeats'>;

/** One chart: a figure named by its heading, its caption the totals, its body the bar chart's data table. */
function ChartFigure({
  id,
  headingLevel: Heading,
  summary,
  chart,
}: {
  id: string;
  headingLevel: 'h2' | 'h3';
  summary: string;
  chart: ComponentProps<typeof BarChart>;
}) {
  return (
    <figure className="fr-my-4w" aria-labelledby={id}>
      <Heading id={id}>{chart.caption}</Heading>
      <figcaption>{summary}</figcaption>
      <BarChart {...chart} />
    </figure>
  );
}

/**
 * The results charts: seats filled per event against its quota, and outcome by entry size. Each is a figure
 * whose caption says the totals, drawn as a data table whose bars only repeat the numbers (RGAA 1.1, 4.1):
 * nothing is told by colour alone.
 */
export function DrawCharts({ breakdown, headingLevel }: { breakdown: Breakdown; headingLevel: 'h2' | 'h3' }) {
  const lang = useLang();
  const t = useMessages(drawMessages);
  const sum = <Row,>(rows: readonly Row[], value: (row: Row) => number) =>
    formatCount(
      lang,
      rows.reduce((total, row) => total + value(row), 0),
    );
  const high = '--background-action-high-blue-france';
  const low = '--background-contrast-grey-active';
  return (
    <>
      <ChartFigure
        id="graphique-evenements"
        headingLevel={headingLevel}
        summary={t.eventChartSummary(
          sum(breakdown.byEvent, (row) => row.filled),
          sum(breakdown.byEvent, (row) => row.quota),
        )}
        chart={{
          caption: t.eventChartTitle,
          rowHeader: t.eventColumn,
          totalLabel: t.quota,
          series: [
            { key: 'filled', label: t.filled, colour: high },
            { key: 'left', label: t.left, colour: low },
          ],
          rows: breakdown.byEvent.map((row) => ({
            label: row.event,
            values: { filled: row.filled, left: Math.max(0, row.quota - row.filled) },
          })),
        }}
      />
      <ChartFigure
        id="graphique-tailles"
        headingLevel={headingLevel}
        summary={t.sizeChartSummary(
          sum(breakdown.bySeats, (row) => row.allocated),
          sum(breakdown.bySeats, (row) => row.reserve),
        )}
        chart={{
          caption: t.sizeChartTitle,
          rowHeader: t.sizeColumn,
          totalLabel: t.entries,
          series: [
            { key: 'allocated', label: t.allocated, colour: high },
            { key: 'reserve', label: t.reserve, colour: low },
          ],
          rows: breakdown.bySeats.map((row) => ({
            label: t.size(row.seats),
            values: { allocated: row.allocated, reserve: row.reserve },
          })),
        }}
      />
    </>
  );
}
