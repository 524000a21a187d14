import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueImportNotification } from '../../src/imports/index.ts';
import { logTransport, maskEmail, smtpTransport } from '../../src/mail/index.ts';
import {
  backgroundOf,
  type Client,
  freshHetu,
  getImport,
  insertPerson,
  names,
  putImport,
  row,
} from '../imports/helpers.ts';
import {
  createOrganisations,
  createTestApp,
  lookupBody,
  PERSONS,
  serviceUser,
  type TestApp,
} from '../support/app.ts';
import { describeEachDatabase } from '../support/db.ts';

interface Received {
  to: string[];
  from: string;
  raw: string;
}

/** A real SMTP server in this process, on a free port (no TLS, no authentication). */
async function startSmtpServer(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** The text of a single-part mail, whatever transfer encoding the sender chose. */
function bodyText(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  if (/content-transfer-encoding:\s*base64/i.test(headers))
    return Buffer.from(body, 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) {
    const bytes = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

describeEachDatabase('import notification mail', (database) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let t: TestApp;
  let importer: Client;
  let work: ReturnType<typeof backgroundOf>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(database(), {
      env: {
        ONR_SMTP_URL: smtp.url,
        ONR_MAIL_FROM: 'onr@registry.example',
        ONR_PUBLIC_URL: 'https://onr.example',
      },
    });
    const orgs = await createOrganisations(t.services);
    importer = await serviceUser(t, orgs.school, ['YLEISTUNNISTE_LUONTI']);
    work = backgroundOf(t);
    return async () => {
      await work.stop();
      await t.close();
    };
  });
  afterAll(async () => smtp.close());

  // The row-error mode: rows that break the rules are rows to handle, not a refused request.
  async function importRows(henkilot: unknown[], sahkoposti?: string) {
    const res = await putImport(
      t,
      importer,
      'yleistunniste',
      { henkilot, ...(sahkoposti ? { sahkoposti } : {}) },
      'rivivirheet=true',
    );
    expect(res.statusCode).toBe(200);
    await work.runner.runUntilIdle();
    return res.json().id as number;
  }

  it('sends one mail with counts and a link, and no personal data, when a finished import has rows to handle', async () => {
    const hetu = freshHetu();
    await insertPerson(t.services.db, { hetu, etunimet: 'Matti', sukunimi: 'Meikalainen' });
    const newHetu = freshHetu();
    const id = await importRows(
      [
        row('conflict', { hetu, ...names('Pekka', 'Korhonen') }),
        row('bad', { hetu: 'not-a-hetu', ...names() }),
        row('ok', { hetu: newHetu, ...names('Sanni', 'Salainen') }),
      ],
      'rehtori@koulu.example',
    );
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['rehtori@koulu.example']);
    expect(mail!.from).toBe('onr@registry.example');
    const text = bodyText(mail!.raw);
    expect(text).toContain(`massatuonti ${id}`);
    expect(text).toMatch(/nimet eroavat \(conflict\)\s+1/);
    expect(text).toMatch(/virheellisiä rivejä\s+1/);
    expect(text).toContain(`https://onr.example/oppijanumerorekisteri-service/yleistunniste/tuonti=${id}`);
    for (const secret of [hetu, newHetu, 'Korhonen', 'Salainen', 'Meikalainen', 'Pekka']) {
      expect(mail!.raw).not.toContain(secret);
    }
    const outbox = await t.services.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('topic', '=', `import:${id}`)
      .execute();
    expect(outbox).toEqual([
      expect.objectContaining({ attempts: 1, last_error: null, sent_at: expect.any(Date) }),
    ]);

    // Finishing again (another worker, a retry) does not send a second mail.
    const finished = await t.services.db
      .selectFrom('imports')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(await queueImportNotification(t.services.db, finished, 'https://onr.example')).toBe(false);
    await work.runner.runUntilIdle();
    expect(smtp.received).toHaveLength(1);
    // The results are unaffected by the mail.
    expect((await getImport(t, importer, 'yleistunniste', id)).json().henkilot).toHaveLength(3);
  });

  it('sends nothing for an import without rows to handle, or without an address', async () => {
    const before = smtp.received.length;
    // A person the (simulated) population register knows by these names: nothing to handle, even
    // once identification has run.
    await importRows([row('ok', lookupBody(PERSONS.matti))], 'rehtori@koulu.example');
    await importRows([row('bad', { hetu: 'x', ...names() })]);
    expect(smtp.received).toHaveLength(before);
  });

  it('retries the mail while the SMTP server is down, and sends it once it is back', async () => {
    const before = smtp.received.length;
    const down = backgroundOf(t, { mailTransport: smtpTransport('smtp://127.0.0.1:9') });
    const res = await putImport(
      t,
      importer,
      'yleistunniste',
      { sahkoposti: 'rehtori@koulu.example', henkilot: [row('bad', { hetu: 'x', ...names() })] },
      'rivivirheet=true',
    );
    const id = res.json().id;
    await down.runner.runUntilIdle();
    const outbox = () =>
      t.services.db
        .selectFrom('mail_outbox')
        .selectAll()
        .where('topic', '=', `import:${id}`)
        .executeTakeFirstOrThrow();
    expect(await outbox()).toMatchObject({ attempts: 1, sent_at: null, last_error: expect.any(String) });
    const job = await t.services.db
      .selectFrom('jobs')
      .selectAll()
      .where('queue', '=', 'mail')
      .where('state', '=', 'queued')
      .executeTakeFirstOrThrow();
    expect(job.run_at.getTime()).toBeGreaterThan(Date.now());
    expect(smtp.received).toHaveLength(before);

    await t.services.db
      .updateTable('jobs')
      .set({ run_at: new Date(Date.now() - 1000) })
      .where('id', '=', job.id)
      .execute();
    await work.runner.runUntilIdle();
    expect(smtp.received).toHaveLength(before + 1);
    expect(await outbox()).toMatchObject({ attempts: 2, sent_at: expect.any(Date), last_error: null });
    await down.stop();
  });
});

describe('mail without an SMTP server', () => {
  it('writes the mail to the log, with the address masked', async () => {
    const lines: { obj: Record<string, unknown>; msg?: string }[] = [];
    const logger = {
      info: (obj: object, msg?: string) => lines.push({ obj: obj as Record<string, unknown>, msg }),
      warn() {},
      error() {},
    };
    await logTransport(logger).send({ from: 'a@b', to: 'rehtori@koulu.example', subject: 'S', text: 'T' });
    expect(lines).toEqual([
      {
        obj: { to: 'r***@koulu.example', subject: 'S', body: 'T' },
        msg: expect.stringContaining('ONR_SMTP_URL'),
      },
    ]);
    expect(maskEmail('nope')).toBe('***');
  });
});
