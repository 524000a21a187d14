/**
 * The officials' UI in a real browser (issue 6): Debian Chromium against `onr serve` on PGlite.
 * One server and one browser for the whole file; each test has its own browser context.
 *
 * A test that needs an endpoint of docs/API-OFFICIALS.md that the server does not document yet is
 * skipped at run time with a note naming the endpoint, and runs by itself once the endpoint lands.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { makeHetu } from '../../src/domain/hetu.ts';
import {
  browserAvailable,
  importPersons,
  kutsumanimiOf,
  launchBrowser,
  login,
  newContext,
  type RegisterPerson,
  type RunningServer,
  registerPersons,
  screenshot,
  setLanguage,
  startServer,
} from './support.ts';

const available = browserAvailable();
const TIMEOUT = 120_000;

describe.skipIf(!available)('officials’ UI in Chromium', { timeout: TIMEOUT }, () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  // Distinct persons of the simulated register for distinct tests (the register is the server's).
  const people = registerPersons();
  let next = 0;
  const person = (): RegisterPerson => people[next++]!;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  /** Skips the running test, naming the endpoints of the contract that have not landed. */
  function requireEndpoints(ctx: TestContext, ...endpoints: string[]): void {
    const missing = endpoints.filter((e) => !server.documented.has(e));
    if (missing.length > 0) ctx.skip(`endpoint not in the OpenAPI document yet: ${missing.join(', ')}`);
  }

  async function open(language: 'fi' | 'sv' | 'en' = 'en', viewport?: { width: number; height: number }) {
    const context = await newContext(browser, server, viewport);
    contexts.push(context);
    if (language !== 'fi') {
      // A script string: this file is type-checked without the DOM library.
      await context.addInitScript(
        `if (!localStorage.getItem('onr.language')) localStorage.setItem('onr.language', '${language}');`,
      );
    }
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A CSP violation shows up as a console error; the UI must run under its policy.
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
    });
    return { context, page, errors };
  }

  async function fillLookup(
    page: Page,
    p: { hetu: string; etunimet: string; kutsumanimi: string; sukunimi: string },
  ) {
    await page.getByLabel('Personal identity code (hetu)').fill(p.hetu);
    await page.getByLabel('First names').fill(p.etunimet);
    await page.getByLabel('Name in everyday use').fill(p.kutsumanimi);
    await page.getByLabel('Surname').fill(p.sukunimi);
  }

  /** The input that a visible label (its text starting with `label`) names, within `scope`. */
  async function field(scope: Page | Locator, label: string): Promise<Locator> {
    const element = scope.locator('label', { hasText: new RegExp(`^${label}( \\*)?$`) }).first();
    const id = await element.getAttribute('for');
    const page = 'page' in scope ? scope.page() : scope;
    return page.locator(`[id="${id}"]`);
  }

  const lookupOf = (p: RegisterPerson) => ({
    hetu: p.hetu,
    etunimet: p.etunimet,
    kutsumanimi: kutsumanimiOf(p),
    sukunimi: p.sukunimi,
  });

  it('signs in and out; a wrong password is refused; the session is kept over a reload', async () => {
    const { page, errors } = await open('en');
    await page.goto('/henkilo-ui/');
    await expect.poll(() => page.url()).toContain('/henkilo-ui/kirjaudu');
    await page.getByLabel('Username').fill('demo-virkailija');
    await page.getByLabel(/^Password/).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong username or password').waitFor();

    await page.getByLabel(/^Password/).fill('demo-virkailija-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Get a learner number' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Get a learner number' }).waitFor();
    await page.getByRole('link', { name: 'My details' }).click();
    await expect(page.getByTestId('me-name').textContent()).resolves.toBe('Demo Virkailija');
    await page.getByRole('cell', { name: 'Get learner numbers' }).waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByText('You have signed out.').waitFor();
    // The session is over on the server too: the app is back at the login.
    await page.goto('/henkilo-ui/oma');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('signs in with the keyboard alone', async () => {
    const { page } = await open('en');
    await page.goto('/henkilo-ui/');
    await page.getByLabel('Username').waitFor();
    await page.getByLabel('Username').focus();
    await page.keyboard.type('demo-virkailija');
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo-virkailija-password');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Get a learner number' }).waitFor();
    // The first Tab reaches the skip link, which is visible when focused.
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Skip to content');
  });

  it('the hetu form: a message at the field and no submit while invalid; then every result box', async () => {
    const { page, errors } = await open('en');
    await login(page, 'demo-virkailija');
    const submit = page.getByRole('button', { name: 'Search', exact: true });

    // Invalid in the browser: the check character is wrong.
    const a = person();
    await fillLookup(page, {
      ...lookupOf(a),
      hetu: `${a.hetu.slice(0, 10)}${a.hetu.endsWith('A') ? 'B' : 'A'}`,
    });
    await page.getByLabel('Surname').blur();
    await page.getByText('The check character does not match').waitFor();
    expect(await submit.isDisabled()).toBe(true);

    // Found only in the population register → "Add new" → created, with the number to copy.
    await page.getByLabel('Personal identity code (hetu)').fill(a.hetu);
    expect(await submit.isDisabled()).toBe(false);
    await submit.click();
    await page.getByTestId('result-register-only').waitFor();
    await screenshot(page, 'lookup-register-only-en');
    await page.getByRole('button', { name: 'Add new' }).click();
    const created = page.getByTestId('result-created');
    await created.waitFor();
    const number = (await created.getByTestId('copy-value').textContent())!;
    expect(number).toMatch(/^1\.2\.246\.562\.98\.\d{11}$/);
    await created.getByRole('button', { name: /Copy/ }).click();
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe(number);
    await screenshot(page, 'lookup-created-en');

    // Found: the same person again, same number.
    await page.getByRole('button', { name: 'Clear' }).click();
    await fillLookup(page, lookupOf(a));
    await submit.click();
    const found = page.getByTestId('result-found');
    await found.waitFor();
    expect(await found.getByTestId('copy-value').textContent()).toBe(number);
    await found.getByRole('button', { name: /Copy/ }).click();
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe(number);

    // Conflicting data: the same hetu with another surname.
    await page.getByLabel('Surname').fill('Toisenniminen');
    await submit.click();
    await page.getByTestId('result-conflict').waitFor();

    // Not found: a valid test hetu that the register does not know.
    const known = new Set(registerPersons().map((p) => p.hetu));
    let unknown = makeHetu('1999-12-31', 997, '-');
    for (let n = 996; known.has(unknown); n -= 1) unknown = makeHetu('1999-12-31', n, '-');
    await fillLookup(page, {
      hetu: unknown,
      etunimet: 'Ei Ketään',
      kutsumanimi: 'Ei',
      sukunimi: 'Tuntematon',
    });
    await submit.click();
    await page.getByTestId('result-not-found').waitFor();

    // Invalid data from the server: the request is changed on its way (a hetu the browser would
    // have refused), and the server's 400 field errors are shown at the field.
    await page.route('**/henkilo/exists', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}');
      await route.continue({ postData: JSON.stringify({ ...body, hetu: '010101-0000' }) });
    });
    const b = person();
    await fillLookup(page, lookupOf(b));
    await submit.click();
    await page.getByTestId('result-invalid').waitFor();
    await page.getByText('A hetu has 11 characters').waitFor();
    await page.unroute('**/henkilo/exists');
    expect(errors).toEqual([]);
  });

  it('the hetuless form warns of a similar person before creating', async (ctx) => {
    requireEndpoints(ctx, 'POST /duplikaatit/haku');
    // A person without a hetu, imported through the API, is the similar one.
    await importPersons(server, [
      {
        tunniste: 'similar-1',
        henkilo: {
          passinumero: 'XP1234567',
          etunimet: 'Amira Sofia',
          kutsumanimi: 'Amira',
          sukunimi: 'Haddad',
          syntymaaika: '2004-03-15',
          sukupuoli: '2',
          kansalaisuus: ['760'],
        },
      },
    ]);
    const { page, errors } = await open('en');
    await login(page, 'demo-virkailija');
    await page.getByRole('link', { name: 'Person without a hetu' }).click();
    await page.getByRole('heading', { name: 'Person without a Finnish hetu' }).waitFor();
    await page.getByLabel('First names').fill('Amira Sofia');
    await page.getByLabel('Name in everyday use').fill('Amira');
    await page.getByLabel('Surname').fill('Haddad');
    const birth = await field(page, 'Date of birth');
    await birth.fill('15.3.2004');
    await birth.press('Tab');
    await (await field(page, 'Sex')).click();
    await page.getByRole('option', { name: 'Female' }).click();
    const nationality = await field(page, 'Nationality');
    await nationality.click();
    await nationality.fill('Syria');
    await page.getByRole('option', { name: 'Syria' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Check for similar persons' }).click();
    const warning = page.getByTestId('similar-warning');
    await warning.waitFor();
    await warning.getByText('Haddad, Amira Sofia').waitFor();
    await screenshot(page, 'hetuless-similar-en');

    if (server.documented.has('POST /henkilo/ilman-hetua')) {
      await warning.getByRole('button', { name: 'None of these: add a new person' }).click();
      await page.getByTestId('result-created').waitFor();
    }
    expect(errors).toEqual([]);
  });

  it('the error list: search, then open a person', async (ctx) => {
    requireEndpoints(ctx, 'GET /virhelista', 'GET /virhelista/yhteenveto', 'GET /henkilo/{oid}');
    await importPersons(server, [
      {
        tunniste: 'errlist-1',
        henkilo: {
          passinumero: 'EL7654321',
          etunimet: 'Virhe Listalainen',
          kutsumanimi: 'Virhe',
          sukunimi: 'Hakutesti',
          syntymaaika: '2001-01-02',
          sukupuoli: '1',
          kansalaisuus: ['752'],
        },
      },
    ]);
    const { page, errors } = await open('en');
    await login(page, 'demo-virkailija');
    await page.getByRole('link', { name: 'Error list' }).click();
    await page.getByRole('heading', { name: 'Import report' }).waitFor();
    await page.getByTestId('summary-total').waitFor();
    await page.getByRole('searchbox', { name: 'Search by name or OID' }).fill('Hakutesti');
    const link = page.getByRole('link', { name: 'Hakutesti, Virhe Listalainen' });
    await link.waitFor();
    await screenshot(page, 'error-list-en');
    await link.click();
    await page.getByTestId('person-name').getByText('Hakutesti, Virhe Listalainen').waitFor();
    await page.getByText('No hetu').first().waitFor();
    await screenshot(page, 'person-en');
    expect(errors).toEqual([]);
  });

  it('accepting the population register data identifies a person whose names did not match', async (ctx) => {
    requireEndpoints(
      ctx,
      'GET /henkilo/{oid}',
      'GET /henkilo/{oid}/vtj-vertailu',
      'POST /henkilo/{oid}/hyvaksy-vtj',
    );
    const p = person();
    const results = await importPersons(server, [
      {
        tunniste: 'mismatch-1',
        henkilo: {
          hetu: p.hetu,
          etunimet: 'Väärä Etunimi',
          kutsumanimi: 'Väärä',
          sukunimi: 'Eri-Sukunimi',
          kansalaisuus: ['246'],
        },
      },
    ]);
    const oid = results.henkilot[0]?.henkilo?.oid;
    expect(oid).toBeDefined();
    const { page, errors } = await open('en');
    await login(page, 'demo-virkailija');
    // The identification worker runs in the background soon after the import.
    await expect
      .poll(
        async () => {
          await page.goto(`/henkilo-ui/henkilo/${oid}`);
          await page.getByTestId('person-name').waitFor();
          return page.getByTestId('identification-error').count();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(1);
    await page.getByText('The names differ from the population register').waitFor();
    await page.getByRole('tab', { name: 'Population register' }).click();
    const comparison = page.getByTestId('comparison');
    await comparison.getByText(p.sukunimi).waitFor();
    await screenshot(page, 'person-comparison-en');
    await page.getByRole('button', { name: 'Accept the population register data' }).click();
    await page.getByRole('button', { name: 'Accept and identify' }).click();
    await page.getByTestId('person-name').getByText(`${p.sukunimi}, ${p.etunimet}`).waitFor();
    await page.getByText('Identified', { exact: true }).first().waitFor();
    expect(errors).toEqual([]);
  });

  it('a main user creates an official, grants a right with dates, and the official’s menu follows', async () => {
    const { page, errors } = await open('en');
    await login(page, 'demo-vastuukayttaja');
    await page.getByRole('link', { name: 'Officials' }).click();
    await page.getByRole('heading', { name: 'Officials' }).waitFor();
    await page.getByTestId('user-demo-virkailija').waitFor();

    // A new official without rights; the initial password is shown once.
    const username = `e2e-official-${Date.now()}`;
    await page.getByRole('button', { name: 'New official' }).click();
    const dialog = page.getByRole('dialog');
    await (await field(dialog, 'Name')).fill('Eetu Testivirkailija');
    await (await field(dialog, 'Username')).fill(username);
    await dialog.getByRole('button', { name: 'Create' }).click();
    const password = (await page.getByRole('dialog').getByTestId('copy-value').textContent())!;
    expect(password.length).toBeGreaterThanOrEqual(12);
    await page.getByRole('button', { name: 'I have copied it' }).click();

    // Before the grant the official sees only their own details.
    const official = await open('en');
    await login(official.page, username, password);
    await official.page.getByRole('heading', { name: 'My details' }).waitFor();
    expect(await official.page.getByRole('link', { name: 'Get a learner number' }).count()).toBe(0);

    // Grant "Get learner numbers" from today to a date picked in the calendar.
    const row = page.getByTestId(`user-${username}`);
    await row.getByRole('button', { name: 'Grant a right to Eetu Testivirkailija' }).click();
    const grant = page.getByRole('dialog');
    await (await field(grant, 'Role')).click();
    await page.getByRole('option', { name: 'Get learner numbers' }).click();
    await (await field(grant, 'Valid until')).click();
    // The default end is a year ahead, the longest a main user may give: pick a day a month earlier.
    await page.getByRole('button', { name: 'Previous month' }).click();
    await page
      .locator('button[class*="-day"]:not([data-outside]):not([data-disabled]):not([data-hidden])')
      .nth(10)
      .click();
    await screenshot(page, 'grant-dialog-en');
    await grant.getByRole('button', { name: 'Grant a right' }).click();
    await row.getByTestId('grant-YLEISTUNNISTE_LUONTI').waitFor();
    await screenshot(page, 'officials-en');

    // The official's menu now has the learner-number views (rights are read on every request).
    await official.page.reload();
    await official.page.getByRole('link', { name: 'Get a learner number' }).waitFor();

    // The validity shortened by another month: the grant's dates change, it stays in force.
    const shown = row.getByTestId('grant-YLEISTUNNISTE_LUONTI');
    const before = await shown.textContent();
    await row
      .getByRole('button', { name: 'Change the validity of Get learner numbers of Eetu Testivirkailija' })
      .click();
    const validity = page.getByRole('dialog');
    await (await field(validity, 'Valid until')).click();
    await page.getByRole('button', { name: 'Previous month' }).click();
    await page
      .locator('button[class*="-day"]:not([data-outside]):not([data-disabled]):not([data-hidden])')
      .nth(5)
      .click();
    await validity.getByRole('button', { name: 'Save' }).click();
    await validity.waitFor({ state: 'detached' });
    await expect.poll(() => shown.textContent()).not.toBe(before);

    // Revoked: gone again.
    await row.getByRole('button', { name: 'Revoke Get learner numbers from Eetu Testivirkailija' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row.getByTestId('grant-YLEISTUNNISTE_LUONTI').count()).toBe(0);
    await official.page.reload();
    await official.page.getByRole('heading', { name: 'My details' }).waitFor();
    expect(await official.page.getByRole('link', { name: 'Get a learner number' }).count()).toBe(0);
    expect([...errors, ...official.errors]).toEqual([]);
  });

  it('a main user creates a service user and rotates its secret; each secret is shown once', async () => {
    const { page, errors } = await open('en');
    await login(page, 'demo-vastuukayttaja');
    await page.getByRole('link', { name: 'Service users' }).click();
    await page.getByRole('heading', { name: 'Service users' }).waitFor();
    await page.getByRole('button', { name: 'New service user' }).click();
    const dialog = page.getByRole('dialog');
    await (await field(dialog, 'Name')).fill('E2E student register');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const first = (await page.getByRole('dialog').getByTestId('copy-value').textContent())!;
    await page.getByRole('button', { name: 'I have copied it' }).click();
    const row = page.locator('tr', { hasText: 'E2E student register' });
    await row.getByRole('button', { name: 'New secret' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'New secret' }).click();
    const second = (await page.getByRole('dialog').getByTestId('copy-value').textContent())!;
    expect(second).not.toBe(first);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(errors).toEqual([]);
  });

  it('the registry keeper sees the test-data report and the person search', async () => {
    const { page, errors } = await open('en');
    await login(page, 'demo-rekisterinpitaja');
    await page.getByRole('link', { name: 'Test-data report' }).click();
    await page.getByRole('heading', { name: 'Test-data report' }).waitFor();
    await page.getByTestId('test-data-empty').waitFor();
    await page.getByRole('link', { name: 'Search persons' }).waitFor();
    await screenshot(page, 'test-data-en');

    // The audit log: the demo official's login is on record; searching by user and action finds it.
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const action = await field(page, 'Action');
    await action.click();
    await action.fill('Logged in');
    await page.getByRole('option', { name: 'Logged in', exact: true }).click();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const rows = page.getByTestId('audit-log').locator('tr[data-operation="LOGIN"]');
    await rows.first().waitFor();
    // This very login of the registry keeper is among them, named.
    await rows.filter({ hasText: 'demo' }).first().waitFor();
    await screenshot(page, 'audit-log-en');

    // Organisations: a new school below the demo provider, then passivated.
    await page.getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('heading', { name: 'Organisations' }).waitFor();
    await page.getByRole('button', { name: 'Add an organisation below Demo-koulutuskuntayhtymä' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Demo-ammattiopisto');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const created = page.getByTestId('organisations').locator('tr', { hasText: 'Demo-ammattiopisto' });
    await created.getByText('School').waitFor();
    await created.getByText('Demo-koulutuskuntayhtymä').waitFor();
    await page.getByRole('button', { name: 'Edit Demo-ammattiopisto' }).click();
    await page.getByRole('dialog').getByRole('switch', { name: 'Active' }).uncheck();
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    // Passive ones are hidden unless asked for.
    await created.waitFor({ state: 'detached' });
    await page.getByLabel('Show passive ones too').check();
    await created.getByText('Passive').waitFor();
    await screenshot(page, 'organisations-en');
    expect(errors).toEqual([]);
  });

  it('switches language: every view in Finnish, Swedish and English (screenshots of each)', async () => {
    const { page, errors } = await open('fi');
    await page.goto('/henkilo-ui/');
    await page.getByRole('heading', { name: 'Kirjaudu oppijanumerorekisteriin' }).waitFor();
    await setLanguage(page, 'Svenska');
    await page.getByRole('heading', { name: 'Logga in i studentnummerregistret' }).waitFor();
    await setLanguage(page, 'Suomi');
    await login(page, 'demo-virkailija');
    await page.getByRole('heading', { name: 'Hae oppijanumero' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('fi');

    const headings = {
      fi: ['Hae oppijanumero', 'Henkilö ilman suomalaista hetua', 'Omat tiedot'],
      sv: ['Hämta studentnummer', 'Person utan finsk personbeteckning', 'Mina uppgifter'],
      en: ['Get a learner number', 'Person without a Finnish hetu', 'My details'],
    } as const;
    const paths = ['/henkilo-ui/oppijanumero', '/henkilo-ui/ilman-hetua', '/henkilo-ui/oma'];
    const names = ['lookup', 'hetuless', 'me'];
    for (const [language, label] of [
      ['fi', 'Suomi'],
      ['sv', 'Svenska'],
      ['en', 'English'],
    ] as const) {
      await setLanguage(page, label);
      for (let i = 0; i < paths.length; i += 1) {
        await page.goto(paths[i]!);
        await page.getByRole('heading', { name: headings[language][i]!, level: 2 }).waitFor();
        expect(await page.evaluate('document.documentElement.lang')).toBe(language);
        await screenshot(page, `${names[i]}-${language}`);
      }
    }
    // The choice survives a reload.
    await page.reload();
    await page.getByRole('heading', { name: 'My details' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('no broken layout at 390×844: no horizontal scrolling, the menu opens from the burger', async () => {
    const { page, errors } = await open('en', { width: 390, height: 844 });
    await login(page, 'demo-virkailija').catch(async () => {
      // On a phone the menu is collapsed; login() waits for the nav element, which exists anyway.
    });
    await page.getByRole('heading', { name: 'Get a learner number' }).waitFor();
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'lookup-mobile-en');
    await page.getByRole('button', { name: 'Open or close the menu' }).click();
    await page.getByRole('link', { name: 'My details' }).click();
    await page.getByRole('heading', { name: 'My details' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.goto('/henkilo-ui/ilman-hetua');
    await page.getByRole('heading', { name: 'Person without a Finnish hetu' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });
});
