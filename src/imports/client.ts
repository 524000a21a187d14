// `onr import FILE`: an integrator's client of the mass-import API. It talks HTTP only, like any
// other client system would: token, PUT, poll the progress, fetch the results.

import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import cliProgress from 'cli-progress';
import type { ImportApi } from '../db/index.ts';
import { parseCsv, toCsv } from './csv.ts';
import type { ImportProgress, ImportResultItem } from './service.ts';
import type { WireRow } from './validation.ts';

export class ImportClientError extends Error {}

export interface ImportCommandOptions {
  api: ImportApi;
  url: string;
  clientId: string;
  clientSecret: string;
  email?: string;
  out?: string;
  /** Rows a request; bigger files go as several imports (the server refuses more than its limit). */
  maxRows: number;
  pollMs: number;
  /** Draw a progress bar (a terminal, and not --json). */
  progressBar: boolean;
  /**
   * The row-error mode (rivivirheet=true): broken rows get a row error and the others are
   * imported. Without it, as in the reference, a request with a broken row is refused whole.
   */
  rowErrors?: boolean;
}

export interface ImportSummary {
  file: string;
  api: ImportApi;
  imports: number[];
  rows: number;
  persons: number;
  conflicts: number;
  errors: number;
  seconds: number;
  results: string;
}

const BASE_PATH = '/oppijanumerorekisteri-service';
const FIELDS = [
  'oid',
  'hetu',
  'passinumero',
  'sahkoposti',
  'etunimet',
  'kutsumanimi',
  'sukunimi',
  'syntymaaika',
] as const;
const CODE_FIELDS = ['sukupuoli', 'aidinkieli'] as const;

/**
 * CSV columns are the row fields; kansalaisuus lists codes separated by "|". Codes are sent as the
 * reference's code objects ({koodi}).
 */
export function recordToRow(record: Record<string, unknown>): WireRow {
  const text = (key: string): string | undefined => {
    const value = record[key];
    if (value === undefined || value === null) return undefined;
    const trimmed = String(value).trim();
    return trimmed === '' ? undefined : trimmed;
  };
  const henkilo: WireRow['henkilo'] = {};
  for (const field of FIELDS) {
    const value = text(field);
    if (value !== undefined) henkilo[field] = value;
  }
  for (const field of CODE_FIELDS) {
    const value = text(field);
    if (value !== undefined) henkilo[field] = { koodi: value };
  }
  const nationalities = record.kansalaisuus;
  if (Array.isArray(nationalities)) henkilo.kansalaisuus = nationalities.map((c) => ({ koodi: String(c) }));
  else if (text('kansalaisuus'))
    henkilo.kansalaisuus = text('kansalaisuus')!
      .split('|')
      .map((c) => ({ koodi: c.trim() }));
  const tunniste = text('tunniste');
  return { ...(tunniste !== undefined ? { tunniste } : {}), henkilo };
}

/** The rows of a CSV file, a JSON array (of API rows or of flat records), or a JSON import body. */
export function readRows(file: string): { rows: WireRow[]; email?: string } {
  const text = readFileSync(file, 'utf8');
  if (extname(file).toLowerCase() === '.csv') return { rows: parseCsv(text).map(recordToRow) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ImportClientError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const body = Array.isArray(parsed)
    ? { henkilot: parsed }
    : (parsed as { henkilot?: unknown; sahkoposti?: unknown });
  if (!body || !Array.isArray(body.henkilot)) {
    throw new ImportClientError(`${file}: expected an array of rows or {"henkilot": [...]}`);
  }
  const rows = body.henkilot.map((item: unknown) => {
    const record = (item ?? {}) as Record<string, unknown>;
    if (record.henkilo && typeof record.henkilo === 'object') return record as unknown as WireRow;
    return recordToRow(record);
  });
  return { rows, ...(typeof body.sahkoposti === 'string' ? { email: body.sahkoposti } : {}) };
}

/** Only what the chosen API takes: the yleistunniste rows carry hetu and names. */
function forApi(api: ImportApi, row: WireRow): WireRow {
  if (api === 'oppija') return row;
  const { hetu, etunimet, kutsumanimi, sukunimi } = row.henkilo;
  return {
    ...(row.tunniste !== undefined ? { tunniste: row.tunniste } : {}),
    henkilo: { hetu, etunimet, kutsumanimi, sukunimi },
  };
}

async function call<T>(url: string, init: RequestInit, what: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (error) {
    throw new ImportClientError(`${what}: cannot reach ${url} (${(error as Error).message})`);
  }
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      const body = JSON.parse(text) as {
        message?: string;
        fieldErrors?: { field: string; message: string }[];
      };
      message = [
        body.message,
        ...(body.fieldErrors ?? []).slice(0, 10).map((f) => `${f.field}: ${f.message}`),
      ]
        .filter(Boolean)
        .join('; ');
    } catch {}
    throw new ImportClientError(`${what}: HTTP ${res.status} ${message}`);
  }
  return JSON.parse(text) as T;
}

async function token(options: ImportCommandOptions): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: options.clientId,
    client_secret: options.clientSecret,
  });
  const answer = await call<{ access_token: string }>(
    `${options.url}${BASE_PATH}/oauth2/token`,
    { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    'getting a token',
  );
  return answer.access_token;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends the file, waits for the imports to finish, writes the results file, returns the summary. */
export async function runImport(file: string, options: ImportCommandOptions): Promise<ImportSummary> {
  const started = Date.now();
  const { rows, email: fileEmail } = readRows(file);
  if (rows.length === 0) throw new ImportClientError(`${file} has no rows`);
  const base = `${options.url.replace(/\/$/, '')}${BASE_PATH}/${options.api}`;
  const start = options.rowErrors ? `${base}?rivivirheet=true` : base;
  const headers = {
    authorization: `Bearer ${await token(options)}`,
    'content-type': 'application/json',
    'caller-id': 'onr-import-cli',
  };
  const email = options.email ?? fileEmail;

  const accepted: ImportProgress[] = [];
  for (let from = 0; from < rows.length; from += options.maxRows) {
    const henkilot = rows.slice(from, from + options.maxRows).map((row) => forApi(options.api, row));
    const body = JSON.stringify({ ...(email ? { sahkoposti: email } : {}), henkilot });
    const what = `starting the import (rows ${from + 1}–${from + henkilot.length})`;
    accepted.push(await call<ImportProgress>(start, { method: 'PUT', headers, body }, what));
  }

  await waitForImports(base, headers, accepted, rows.length, options);

  const results: ImportResultItem[] = [];
  for (const progress of accepted) {
    const answer = await call<{ henkilot: ImportResultItem[] }>(
      `${base}/tuonti=${progress.id}`,
      { headers },
      'fetching the results',
    );
    results.push(...answer.henkilot);
  }
  const out = options.out ?? `${file.replace(/\.(csv|json)$/i, '')}.results.json`;
  writeResults(out, options.api, accepted, results);
  return {
    file,
    api: options.api,
    imports: accepted.map((a) => a.id),
    rows: rows.length,
    persons: results.filter((r) => r.henkilo && !r.conflict).length,
    conflicts: results.filter((r) => r.conflict).length,
    errors: results.filter((r) => r.virhe).length,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    results: out,
  };
}

async function waitForImports(
  base: string,
  headers: Record<string, string>,
  accepted: ImportProgress[],
  total: number,
  options: ImportCommandOptions,
): Promise<void> {
  const bar = options.progressBar
    ? new cliProgress.SingleBar(
        {
          format: 'importing [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(total, 0);
  try {
    const latest = new Map(accepted.map((a) => [a.id, a]));
    while ([...latest.values()].some((p) => !p.kasitelty)) {
      await sleep(options.pollMs);
      for (const [id, progress] of latest) {
        if (progress.kasitelty) continue;
        latest.set(
          id,
          await call<ImportProgress>(`${base}/tuonti=${id}/perustiedot`, { headers }, 'polling the progress'),
        );
      }
      bar?.update([...latest.values()].reduce((sum, p) => sum + p.kasiteltyja, 0));
    }
  } finally {
    bar?.stop();
  }
}

function writeResults(
  out: string,
  api: ImportApi,
  imports: ImportProgress[],
  results: ImportResultItem[],
): void {
  if (extname(out).toLowerCase() === '.csv') {
    const header = [
      'tunniste',
      'oid',
      'oppijanumero',
      'passivoitu',
      'linked',
      'conflict',
      'virhe_kentta',
      'virhe',
    ];
    const rows = results.map((r) => [
      r.tunniste,
      r.henkilo?.oid,
      r.henkilo?.oppijanumero,
      r.henkilo?.passivoitu,
      r.henkilo?.linked?.join('|'),
      r.conflict,
      r.virhe?.field,
      r.virhe?.message,
    ]);
    writeFileSync(out, toCsv(header, rows));
    return;
  }
  writeFileSync(
    out,
    `${JSON.stringify({ api, imports: imports.map((i) => i.id), henkilot: results }, null, 1)}\n`,
  );
}

export function describeSummary(s: ImportSummary): string {
  return [
    `${s.rows} rows imported through /${s.api} (import ${s.imports.join(', ')}) in ${s.seconds} s`,
    `  persons found or created: ${s.persons}`,
    `  names differ (conflict):  ${s.conflicts}`,
    `  rejected rows:            ${s.errors}`,
    `  results: ${s.results}`,
  ].join('\n');
}
