import type { Db } from '../db/database.ts';
import type { ImportRow } from '../db/tables.ts';
import { enqueueMail } from '../mail/index.ts';

export interface AttentionCounts {
  conflicts: number;
  rowErrors: number;
  /** Persons of the import whose identification failed (the identification worker's hook). */
  identificationFailures: number;
}

/** Does a finished import have anything for officials to handle (SPEC §8)? */
export function needsAttention(counts: AttentionCounts): boolean {
  return counts.conflicts + counts.rowErrors + counts.identificationFailures > 0;
}

export function importResultsUrl(publicUrl: string, importRow: Pick<ImportRow, 'id' | 'api'>): string {
  return `${publicUrl}/oppijanumerorekisteri-service/${importRow.api}/tuonti=${importRow.id}`;
}

/** The notification, in Finnish and English; counts and a link only — never personal data. */
export function notificationMail(importRow: ImportRow, counts: AttentionCounts, publicUrl: string) {
  const url = importResultsUrl(publicUrl, importRow);
  const attention = counts.conflicts + counts.rowErrors + counts.identificationFailures;
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
    '',
    `Tulokset: ${url}`,
    '',
    '---',
    '',
    `Mass import ${importRow.id} to the learner number registry has been processed:`,
    `${importRow.total} rows, ${importRow.created_persons} new persons, ${importRow.matched_persons} found,`,
    `${counts.conflicts} with differing names, ${counts.rowErrors} rejected rows, ` +
      `${counts.identificationFailures} failed identifications.`,
    '',
    `Results: ${url}`,
    '',
    'Tämä viesti on lähetetty automaattisesti. / This message was sent automatically.',
  ].join('\n');
  return { subject, body };
}

/**
 * Queues the one notification of an import, when it asked for one (sahkoposti) and has something
 * to handle. Call it in the transaction that finishes the import. The mail's topic makes it one
 * mail per import, ever: the identification worker may call this later with its failures, and a
 * mail goes out only if none went before.
 */
export async function queueImportNotification(
  db: Db,
  importRow: ImportRow,
  publicUrl: string,
  identificationFailures = 0,
): Promise<boolean> {
  const counts = { conflicts: importRow.conflicts, rowErrors: importRow.row_errors, identificationFailures };
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
