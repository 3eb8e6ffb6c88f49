// CSV as spreadsheets read it (RFC 4180): comma-separated, CRLF lines, a field quoted when it
// holds a comma, a quote or a line break, quotes doubled inside.
export type CsvCell = string | number | null;

function field(v: CsvCell): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}
