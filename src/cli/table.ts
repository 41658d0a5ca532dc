/**
 * A small plain-text table: a title line, a header row, aligned columns. Numbers are right
 * aligned and grouped (12,345), so summaries read at a glance on a terminal and in a log.
 */
export type Cell = string | number;

export interface TableSpec {
  title: string;
  headers: string[];
  rows: Cell[][];
}

export function formatNumber(value: number, fractionDigits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
}

export function renderTable({ title, headers, rows }: TableSpec): string {
  const text = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)));
  const numeric = headers.map((_, column) => rows.length > 0 && rows.every((row) => isNumeric(row[column])));
  const widths = headers.map((header, column) => Math.max(header.length, ...text.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const body = text.length > 0 ? text.map((row) => `  ${line(row)}`) : ['  (none)'];
  return [title, `  ${line(headers)}`, ...body].join('\n');
}

/** Numbers, and strings that are only a formatted number ("2.0", "1,234"), align right. */
function isNumeric(cell: Cell | undefined): boolean {
  return typeof cell === 'number' || cell === '' || (typeof cell === 'string' && /^-?[\d,]+(\.\d+)?%?$/.test(cell));
}
