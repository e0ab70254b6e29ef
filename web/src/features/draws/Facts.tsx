import type { ReactNode } from 'react';

/**
 * Terms and their values (a `dl`); a value marked as code is a hash or a signature, broken anywhere so that it
 * never widens the page.
 */
export function Facts({ rows }: { rows: readonly (readonly [string, ReactNode, boolean?])[] }) {
  return (
    <dl className="gradins-facts">
      {rows.map(([term, value, code]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{code ? <code className="gradins-hash">{value}</code> : value}</dd>
        </div>
      ))}
    </dl>
  );
}
