import { useLang } from '../../app/i18n';
import { formatCount } from './labels';

export interface BarSeries {
  key: string;
  label: string;
  /** A DSFR colour variable, e.g. `--background-action-high-blue-france`. */
  colour: string;
}

export interface BarRow {
  label: string;
  values: Record<string, number>;
}

/**
 * A horizontal stacked bar chart drawn as a data table (RGAA: a chart's data must be available as text). The
 * table holds the numbers; the bars, in the last column, only show them and are hidden from screen readers.
 */
export function BarChart({
  caption,
  rowHeader,
  series,
  rows,
  totalLabel,
}: {
  caption: string;
  rowHeader: string;
  series: readonly BarSeries[];
  rows: readonly BarRow[];
  totalLabel: string;
}) {
  const lang = useLang();
  const chartLabel =
    lang === 'fr'
      ? 'Graphique (les nombres sont dans les colonnes précédentes)'
      : 'Chart (the numbers are in the previous columns)';
  const totalOf = (row: BarRow) => series.reduce((sum, one) => sum + (row.values[one.key] ?? 0), 0);
  const max = Math.max(1, ...rows.map(totalOf));
  return (
    <div className="fr-table fr-table--no-caption gradins-bar-chart">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
            {series.map((one) => (
              <th scope="col" key={one.key}>
                <span
                  className="gradins-bar-key"
                  style={{ background: `var(${one.colour})` }}
                  aria-hidden="true"
                />
                {one.label}
              </th>
            ))}
            <th scope="col">{totalLabel}</th>
            <th scope="col" className="gradins-bar-column">
              <span className="fr-sr-only">{chartLabel}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={`${index}-${row.label}`}>
              <th scope="row">{row.label}</th>
              {series.map((one) => (
                <td key={one.key} className="gradins-number">
                  {formatCount(lang, row.values[one.key] ?? 0)}
                </td>
              ))}
              <td className="gradins-number">{formatCount(lang, totalOf(row))}</td>
              <td className="gradins-bar-column">
                <div className="gradins-bar" aria-hidden="true">
                  {series.map((one) => (
                    <span
                      key={one.key}
                      style={{
                        width: `${((row.values[one.key] ?? 0) / max) * 100}%`,
                        background: `var(${one.colour})`,
                      }}
                    />
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
