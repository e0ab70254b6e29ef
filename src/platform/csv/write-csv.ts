/**
 * One cell of a CSV file for a spreadsheet: quoted when it holds a separator, a quote or a line break, and kept
 * as text when a spreadsheet would run it as a formula (`=`, `+`, `-`, `@`, tab or carriage return first —
 * OWASP "CSV injection").
 */
export function csvCell(value: string | number): string {
  const raw = String(value);
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[";\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Lines of cells as a semicolon-separated UTF-8 file with a byte-order mark (Excel in French reads it). */
export function csvDocument(lines: readonly (readonly (string | number)[])[]): string {
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
