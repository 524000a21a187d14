import nodemailer from 'nodemailer';
import type { Db } from '../db/index.ts';
import { exponentialBackoff, type JobLogger, type QueueDefinition } from '../jobs/index.ts';
import { MAIL_QUEUE } from './outbox.ts';

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** Where mail goes: an SMTP server, or the application log when none is configured. */
export interface MailTransport {
  send(message: MailMessage): Promise<{ messageId?: string }>;
  close(): void;
}

export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(message) {
      const info = await transporter.sendMail(message);
      return { messageId: info.messageId };
    },
    close: () => transporter.close(),
  };
}

/** An e-mail address is personal data: the log keeps its domain and first letter only. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  return `${address.charAt(0)}***${address.slice(at)}`;
}

/** Without an SMTP server (development, tests) the mail is written to the log instead. */
export function logTransport(logger: JobLogger): MailTransport {
  return {
    async send(message) {
      logger.info(
        { to: maskEmail(message.to), subject: message.subject, body: message.text },
        'mail (no SMTP server configured; ONR_SMTP_URL is unset)',
      );
      return {};
    },
    close() {},
  };
}

/**
 * The mail queue: delivers one outbox row a job. A row that is marked sent is never sent again; a
 * crash between the SMTP server's acceptance and the marking can send a mail twice (at least once,
 * never lost).
 */
export function mailQueue(
  db: Db,
  transport: MailTransport,
  from: string,
): QueueDefinition<{ outboxId: number }> {
  return {
    queue: MAIL_QUEUE,
    concurrency: 2,
    // SMTP outages last minutes to hours: 30 s, 1 min, 2 min, … capped at an hour.
    backoffMs: (attempts) => exponentialBackoff(attempts, 30_000, 3_600_000),
    async handler(job) {
      const mail = await db
        .updateTable('mail_outbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('id', '=', job.payload.outboxId)
        .where('sent_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!mail) return;
      try {
        const info = await transport.send({
          from,
          to: mail.recipient,
          subject: mail.subject,
          text: mail.body,
        });
        await db
          .updateTable('mail_outbox')
          .set({ sent_at: new Date(), message_id: info.messageId ?? null, last_error: null })
          .where('id', '=', mail.id)
          .execute();
      } catch (error) {
        await db
          .updateTable('mail_outbox')
          .set({ last_error: error instanceof Error ? error.message.slice(0, 2000) : String(error) })
          .where('id', '=', mail.id)
          .execute();
        throw error;
      }
    },
  };
}
