/**
 * The duplicates tab of the person page in a real browser (issue 7): an official sees a hetuless
 * person's duplicate candidate with the evidence, links the two, and the confirmation says which
 * learner number stays in force. Debian Chromium against `onr serve` on PGlite (test/e2e/support.ts).
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHetu } from '../../src/domain/hetu.ts';
import {
  api,
  browserAvailable,
  importPersons,
  kutsumanimiOf,
  launchBrowser,
  login,
  newContext,
  type RunningServer,
  registerPersons,
  screenshot,
  serviceToken,
  startServer,
} from './support.ts';

const available = browserAvailable();
const TIMEOUT = 120_000;

describe.skipIf(!available)('duplicates tab in Chromium', { timeout: TIMEOUT }, () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 240_000);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  it('links a hetuless duplicate under the identified person; the dialog names the number that stays', async (ctx) => {
    const needed = ['GET /henkilo/{oid}', 'GET /henkilo/{oid}/duplikaatit', 'POST /henkilo/{oid}/linkita'];
    const missing = needed.filter((e) => !server.documented.has(e));
    if (missing.length > 0) ctx.skip(`endpoint not in the OpenAPI document yet: ${missing.join(', ')}`);

    // The identified person: found in the population register and created at once.
    const person = registerPersons().at(-2)!;
    const parsed = parseHetu(person.hetu);
    if (!parsed.ok) throw new Error('the register person has an invalid hetu');
    const token = await serviceToken(server);
    const identified = await api<{ oid: string; oppijanumero: string }>(
      server,
      token,
      'POST',
      '/yleistunniste/hae',
      {
        hetu: person.hetu,
        etunimet: person.etunimet,
        kutsumanimi: kutsumanimiOf(person),
        sukunimi: person.sukunimi,
      },
    );
    // The same person again, without a hetu, from another system: a passport and the first name only.
    const imported = await importPersons(server, [
      {
        tunniste: 'dup-1',
        henkilo: {
          passinumero: 'DUP7654321',
          etunimet: person.etunimet.split(' ')[0],
          kutsumanimi: kutsumanimiOf(person),
          sukunimi: person.sukunimi,
          syntymaaika: parsed.value.birthDate,
          sukupuoli: parsed.value.sex,
          kansalaisuus: ['752'],
        },
      },
    ]);
    const duplicateOid = imported.henkilot[0]!.henkilo!.oid;

    context = await newContext(browser, server);
    // A script string: it runs in the page, where localStorage is (this file is type-checked without the DOM).
    await context.addInitScript("localStorage.setItem('onr.language', 'en')");
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, 'demo-virkailija');
    await page.goto(`/henkilo-ui/henkilo/${duplicateOid}`);
    await page.getByTestId('person-name').waitFor();
    await page.getByRole('tab', { name: 'Duplicates' }).click();

    const row = page.getByTestId('duplicate-candidates').locator(`tr[data-oid="${identified.oid}"]`);
    await row.waitFor();
    await row
      .getByText(/First names: (same|similar)/)
      .first()
      .waitFor();
    await row.getByText('Date of birth: same').first().waitFor();
    await screenshot(page, 'duplicates-candidates-en');

    await row.getByRole('button', { name: 'Link' }).click();
    const confirmation = page.getByTestId('link-confirmation');
    await confirmation.waitFor();
    // The identified person's number stays in force; the hetuless one becomes its duplicate.
    await confirmation.getByText('The learner number that stays in force:').waitFor();
    expect(await confirmation.locator('strong').textContent()).toBe(identified.oid);
    await page
      .getByLabel('Reason (kept with the link in the change history)')
      .fill('same pupil, passport and hetu');
    await screenshot(page, 'duplicates-confirm-en');
    await page.getByRole('dialog').getByRole('button', { name: 'Link' }).click();

    await page.getByText('This person is a linked duplicate').waitFor();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const described = await api<{ oppijanumero: string; linked: string[] }>(
      server,
      token,
      'GET',
      `/yleistunniste/hae/${duplicateOid}`,
    );
    expect(described).toMatchObject({ oppijanumero: identified.oid, linked: [identified.oid] });

    // The master's page lists the duplicate, which can be unlinked from there.
    await page.getByRole('link', { name: identified.oid }).first().click();
    await page.getByRole('tab', { name: 'Duplicates' }).click();
    await page.getByTestId('linked-persons').getByText(duplicateOid).waitFor();
    await screenshot(page, 'duplicates-master-en');
    expect(errors).toEqual([]);
  });

  it('marks two look-alikes as different persons, lists the marking and takes it back', async (ctx) => {
    const needed = ['GET /henkilo/{oid}/ei-duplikaatit', 'DELETE /henkilo/{oid}/ei-duplikaatti/{otherOid}'];
    const missing = needed.filter((e) => !server.documented.has(e));
    if (missing.length > 0) ctx.skip(`endpoint not in the OpenAPI document yet: ${missing.join(', ')}`);

    const twin = (passinumero: string) => ({
      tunniste: passinumero,
      henkilo: {
        passinumero,
        etunimet: 'Aino Maria',
        kutsumanimi: 'Aino',
        sukunimi: 'Kaksonen',
        syntymaaika: '2008-03-09',
        sukupuoli: '2',
        kansalaisuus: ['752'],
      },
    });
    const imported = await importPersons(server, [twin('TWIN000001'), twin('TWIN000002')]);
    const oidOf = (tunniste: string) => imported.henkilot.find((h) => h.tunniste === tunniste)!.henkilo!.oid;
    const [first, second] = [oidOf('TWIN000001'), oidOf('TWIN000002')];

    // A context of its own: a fresh session, no state from the test before.
    const own = await newContext(browser, server);
    ctx.onTestFinished(() => own.close());
    await own.addInitScript("localStorage.setItem('onr.language', 'en')");
    const page = await own.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, 'demo-virkailija');
    await page.goto(`/henkilo-ui/henkilo/${first}`);
    await page.getByTestId('person-name').waitFor();
    await page.getByRole('tab', { name: 'Duplicates' }).click();

    const candidate = page.getByTestId('duplicate-candidates').locator(`tr[data-oid="${second}"]`);
    await candidate.getByRole('button', { name: 'Not the same person' }).click();
    await page.getByLabel('Reason (kept with the link in the change history)').fill('twins');
    await page.getByRole('dialog').getByRole('button', { name: 'Not the same person' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // No longer a candidate; listed as marked, with the reason, and the marking can be taken back.
    const marked = page.getByTestId('not-duplicates').locator(`tr[data-oid="${second}"]`);
    await marked.getByText('twins').waitFor();
    await candidate.waitFor({ state: 'detached' });
    await screenshot(page, 'duplicates-different-persons-en');
    await marked.getByRole('button', { name: 'Remove the marking' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove the marking' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    // The two lists are refetched separately: wait for both.
    await candidate.waitFor();
    await page.getByTestId('not-duplicates').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });
});
