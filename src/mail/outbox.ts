import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { enqueueJob } from '../jobs/index.ts';

export const MAIL_QUEUE = 'mail';
/** Delivery attempts before the mail job is dead-lettered (about a day with the mail backoff). */
export const MAIL_MAX_ATTEMPTS = 10;

export interface OutgoingMail {
  /** What the mail is about (e.g. 'import:42'): at most one mail per topic is ever queued. */
  topic?: string;
  recipient: string;
  subject: string;
  body: string;
}

/**
 * Queues a mail: a row in the outbox and a delivery job. Pass the transaction of the change that
 * causes the mail, so that the mail is sent if and only if the change commits. Returns the outbox
 * id, or undefined when a mail with the same topic was queued before.
 */
export async function enqueueMail(db: Db, mail: OutgoingMail): Promise<number | undefined> {
  const inserted = await sql<{ id: number }>`
    insert into mail_outbox (topic, recipient, subject, body)
    values (${mail.topic ?? null}, ${mail.recipient}, ${mail.subject}, ${mail.body})
    on conflict (topic) do nothing
    returning id`.execute(db);
  const id = inserted.rows[0]?.id;
  if (id === undefined) return undefined;
  await enqueueJob(db, MAIL_QUEUE, { outboxId: id }, { maxAttempts: MAIL_MAX_ATTEMPTS });
  return id;
}
