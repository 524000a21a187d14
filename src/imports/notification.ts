import { sql } from 'kysely';
import type { Db, ImportRow } from '../db/index.ts';
import { enqueueMail } from '../mail/index.ts';
import { findImport, lockImport } from './repository.ts';

/** How identification of an import's new persons went (counted when every one has been tried). */
export interface IdentificationCounts {
  /** Tried and failed for good: on the error list with a reason. */
  identificationFailures: number;
  /** Created without a hetu: on the error list until identified by hand. */
  withoutHetu: number;
  /** The register did not answer; retried automatically, nothing for officials to do yet. */
  identificationWaiting: number;
}

export interface AttentionCounts extends IdentificationCounts {
  conflicts: number;
  rowErrors: number;
}

const NO_IDENTIFICATION: IdentificationCounts = {
  identificationFailures: 0,
  withoutHetu: 0,
  identificationWaiting: 0,
};

/** Does a finished import have anything for officials to handle (SPEC §8)? */
export function needsAttention(counts: AttentionCounts): boolean {
  return counts.conflicts + counts.rowErrors + counts.identificationFailures + counts.withoutHetu > 0;
}

export function importResultsUrl(publicUrl: string, importRow: Pick<ImportRow, 'id' | 'api'>): string {
  return `${publicUrl}/oppijanumerorekisteri-service/${importRow.api}/tuonti=${importRow.id}`;
}

/** The notification, in Finnish and English; counts and a link only — never personal data. */
export function notificationMail(importRow: ImportRow, counts: AttentionCounts, publicUrl: string) {
  const url = importResultsUrl(publicUrl, importRow);
  const attention = counts.conflicts + counts.rowErrors + counts.identificationFailures + counts.withoutHetu;
  const subject = `Oppijoiden tuonti ${importRow.id}: ${attention} vaatii käsittelyä / Import ${importRow.id}: ${attention} need attention`;
  const body = [
    'Hei,',
    '',
    `oppijanumerorekisterin massatuonti ${importRow.id} on käsitelty.`,
    '',
    `  rivejä                         ${importRow.total}`,
    `  uusia henkilöitä               ${importRow.created_persons}`,
    `  löytyneitä henkilöitä          ${importRow.matched_persons}`,
    `  nimet eroavat (conflict)       ${counts.conflicts}`,
    `  virheellisiä rivejä            ${counts.rowErrors}`,
    `  yksilöinti epäonnistui         ${counts.identificationFailures}`,
    `  ilman hetua (yksilöitävä)      ${counts.withoutHetu}`,
    `  yksilöinti odottaa VTJ:tä      ${counts.identificationWaiting}`,
    '',
    `Tulokset: ${url}`,
    '',
    '---',
    '',
    `Mass import ${importRow.id} to the learner number registry has been processed:`,
    `${importRow.total} rows, ${importRow.created_persons} new persons, ${importRow.matched_persons} found,`,
    `${counts.conflicts} with differing names, ${counts.rowErrors} rejected rows, ` +
      `${counts.identificationFailures} failed identifications, ${counts.withoutHetu} without a hetu ` +
      `(to identify by hand), ${counts.identificationWaiting} waiting for the population register.`,
    '',
    `Results: ${url}`,
    '',
    'Tämä viesti on lähetetty automaattisesti. / This message was sent automatically.',
  ].join('\n');
  return { subject, body };
}

/**
 * Queues the one notification of an import, when it asked for one (sahkoposti) and has something
 * to handle. The mail's topic makes it one mail per import, ever: a mail goes out only if none went
 * before. Call notifyImportIfSettled, which waits for identification; this is the last step.
 */
export async function queueImportNotification(
  db: Db,
  importRow: ImportRow,
  publicUrl: string,
  identification: IdentificationCounts = NO_IDENTIFICATION,
): Promise<boolean> {
  const counts = { conflicts: importRow.conflicts, rowErrors: importRow.row_errors, ...identification };
  if (!importRow.email || !needsAttention(counts)) return false;
  const { subject, body } = notificationMail(importRow, counts, publicUrl);
  const id = await enqueueMail(db, {
    topic: `import:${importRow.id}`,
    recipient: importRow.email,
    subject,
    body,
  });
  return id !== undefined;
}

/** Is a person the import created still waiting for its first identification attempt? */
export async function awaitsIdentification(db: Db, importId: number): Promise<boolean> {
  const row = await db
    .selectFrom('persons')
    .select('id')
    .where('import_id', '=', importId)
    .where('identification_attempts', '=', 0)
    .where('identification_due_at', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** How identification went for the import's new persons (through its results: one index range). */
export async function identificationCounts(db: Db, importId: number): Promise<IdentificationCounts> {
  const result = await sql<IdentificationCounts>`
    select
      count(*) filter (where p.hetu is not null and p.identification_attempted
        and not (p.identified or p.identified_vtj))::int as "identificationFailures",
      count(*) filter (where p.hetu is null and not (p.identified or p.identified_vtj))::int as "withoutHetu",
      count(*) filter (where p.identification_due_at is not null and not p.identified_vtj)::int
        as "identificationWaiting"
    from import_results r join persons p on p.id = r.person_id
    where r.import_id = ${importId} and r.outcome = 'created' and not p.passivated`.execute(db);
  return result.rows[0] ?? NO_IDENTIFICATION;
}

/**
 * Queues the import's notification once the import is done **and** each of its new persons has
 * been tried against the population register (SPEC §8: the mail counts failed identifications).
 * Both the finishing import and the identification worker call it, each in the transaction of its
 * own change: the import's row lock orders them, and whichever commits last sees both done. Call it
 * after locking the persons the transaction changes (persons before imports: no deadlocks).
 */
export async function notifyImportIfSettled(db: Db, importId: number, publicUrl: string): Promise<boolean> {
  // The address never changes: imports without one (most, in bulk) are done with here, lock-free.
  const unlocked = await findImport(db, importId);
  if (!unlocked?.email) return false;
  const importRow = await lockImport(db, importId);
  if (importRow?.state !== 'done') return false;
  if (await awaitsIdentification(db, importId)) return false;
  return queueImportNotification(db, importRow, publicUrl, await identificationCounts(db, importId));
}
