// Plain-text tables for the terminal: columns padded to their widest cell, two spaces apart.

export type Align = 'left' | 'right';

/** Lines of the table; trailing spaces are trimmed so piped output diffs cleanly. */
export function formatTable(rows: readonly (readonly string[])[], align: readonly Align[] = []): string[] {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) =>
    Math.max(...rows.map((row) => [...(row[column] ?? '')].length)),
  );
  return rows.map((row) =>
    widths
      .map((width, column) => {
        const cell = row[column] ?? '';
        const pad = ' '.repeat(width - [...cell].length);
        return align[column] === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}
