import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A DSFR table (same markup and classes as `@codegouvfr/react-dsfr/Table`) that keyboard users can scroll: when
 * it is wider than the screen, e.g. on a phone, the table takes the focus (named by its caption) so the arrow
 * keys scroll it (WCAG 2.1.1, axe `scrollable-region-focusable`). When it fits, it is no extra tab stop.
 */
export function ScrollableTable({
  caption,
  headers,
  data,
  noCaption = false,
}: {
  caption: string;
  headers: readonly ReactNode[];
  data: readonly (readonly ReactNode[])[];
  noCaption?: boolean;
}) {
  const ref = useRef<HTMLTableElement>(null);
  const [overflowing, setOverflowing] = useState(false);

  useEffect(() => {
    const table = ref.current;
    if (!table) return;
    const measure = () => setOverflowing(table.scrollWidth > table.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(table);
    return () => observer.disconnect();
  }, [data]);

  return (
    <div className={`fr-table${noCaption ? ' fr-table--no-caption' : ''}`}>
      <table ref={ref} {...(overflowing && { tabIndex: 0 })}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {headers.map((header, index) => (
              <th key={index} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {row.map((cell, cellIndex) => (
                <td key={cellIndex}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
