import { describe, expect, it } from 'vitest';
import { copyRow } from './copy.js';

describe('COPY text lines (copyRow)', () => {
  it('separates values by tabs, writes null as \\N, numbers as digits and instants in ISO 8601 UTC', () => {
    expect(copyRow(['a', null, 3, new Date('2026-12-02T15:00:00+01:00')])).toBe(
      'a\t\\N\t3\t2026-12-02T14:00:00.000Z\n',
    );
  });

  it('escapes backslashes, tabs, newlines and carriage returns, so that a value cannot end its row early', () => {
    expect(copyRow(['a\\b\tc\nd\re', 'GT1:A$B %C'])).toBe('a\\\\b\\tc\\nd\\re\tGT1:A$B %C\n');
    // The text `\N` is a value, not null: its backslash is escaped.
    expect(copyRow(['\\N'])).toBe('\\\\N\n');
  });
});
