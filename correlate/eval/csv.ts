/**
 * Minimal CSV for the case format: comma-separated, first line a header, fields optionally
 * double-quoted (a doubled quote inside is a quote). No multi-line fields.
 */

/** Splits one CSV line into fields. */
export function parseCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/** A parsed CSV text: header fields and data rows (blank lines and a trailing newline skipped). */
export interface CsvTable {
  readonly header: string[];
  readonly rows: string[][];
}

/** Parses a whole CSV text; `\r\n` line ends are accepted. An empty text has an empty header. */
export function parseCsv(text: string): CsvTable {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const [head, ...rest] = lines;
  return {
    header: head === undefined ? [] : parseCsvLine(head).map((h) => h.trim()),
    rows: rest.map(parseCsvLine),
  };
}

/** One CSV field, quoted only when it has to be. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
