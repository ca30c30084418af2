/** One column of a terminal table: its header, how a row reads in it, and which side it lines up on. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Numbers line up on the right, so their decimals do; text on the left. */
  align?: 'left' | 'right';
}

/**
 * An aligned table for a terminal: the header, then one line per row, columns two spaces apart
 * and no trailing spaces. Data for programs goes out as NDJSON instead; this is for reading.
 */
export function formatTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string[] {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((line) => line[index]!.length)),
  );
  const render = (line: readonly string[]) =>
    line
      .map((cell, index) =>
        columns[index]!.align === 'right' ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!),
      )
      .join('  ')
      .trimEnd();
  return [render(columns.map((column) => column.header)), ...cells.map(render)];
}

/** An amount to its currency's decimals; blank when there is none (a statement row of no contract). */
export function money(amount: number | null | undefined, digits: number): string {
  return typeof amount === 'number' ? amount.toFixed(digits) : '';
}

/** A profit with its sign, so a column of P/L reads at a glance. */
export function signedMoney(amount: number | null | undefined, digits: number): string {
  if (typeof amount !== 'number') return '';
  return `${amount >= 0 ? '+' : ''}${amount.toFixed(digits)}`;
}

/** Epoch seconds as `YYYY-MM-DD HH:MM:SS`, in UTC (the server's time, whatever the terminal's zone). */
export function dateTime(epoch: number | null | undefined): string {
  if (typeof epoch !== 'number' || !Number.isFinite(epoch)) return '';
  return new Date(epoch * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Epoch seconds as `HH:MM:SS` in UTC, for a live line whose day goes without saying. */
export function clockTime(epoch: number | null | undefined): string {
  return dateTime(epoch).slice(11);
}
