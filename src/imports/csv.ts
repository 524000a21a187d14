// Minimal RFC 4180 CSV, for the import client's files: quoted fields, doubled quotes, line breaks
// inside quotes, CRLF or LF. Spreadsheets in Finland often write semicolons: the header decides.

export function parseCsv(text: string): Record<string, string>[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const records = parseRecords(body, delimiter);
  const header = records.shift()?.map((h) => h.trim());
  if (!header || header.every((h) => h === '')) return [];
  return records
    .filter((fields) => fields.some((f) => f.trim() !== ''))
    .map((fields) => Object.fromEntries(header.map((name, i) => [name, fields[i] ?? ''])));
}

function parseRecords(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push(fields);
  }
  return records;
}

function quote(value: string): string {
  return /[",\r\n;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  const line = (cells: (string | number | boolean | null | undefined)[]) =>
    cells.map((c) => quote(c === null || c === undefined ? '' : String(c))).join(',');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
