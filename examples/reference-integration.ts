/**
 * A student administration system's integration, written against the reference Oppijanumerorekisteri's
 * contract (its DTOs, token issuer and answers) and nothing of onr's: point it at onr and it must run
 * unchanged. It is what a vendor's code does, with the checks a vendor's code relies on made explicit —
 * code objects in (`{koodi}`), epoch-millisecond dates and `{koodi, nimi}` objects out, Spring page
 * envelopes, bare-string OIDs, RFC 6749 token errors.
 *
 *   npm start                                  # the demo registry, in another terminal
 *   npm run example:integration [-- URL]       # default http://localhost:8080
 *
 * Exits 0 when every step answered as the reference would, 1 with the first difference otherwise.
 */

// ---- The reference's DTOs (fi.vm.sade.oppijanumerorekisteri.dto), as a vendor would declare them ----------

interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
}
interface HenkiloExistenceCheckDto {
  hetu: string;
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
}
interface YleistunnisteDto {
  oid: string;
  oppijanumero: string | null;
}
interface FilteredStudent {
  oid: string;
  oppijanumero: string | null;
  passivoitu: boolean;
  linked: string[];
}
interface KoodiUpdateDto {
  koodi: string;
}
interface KoodiNimiReadDto {
  koodi: string;
  nimi: Record<string, string | null>;
}
interface OppijaTuontiRiviCreateDto {
  tunniste?: string;
  henkilo: {
    oid?: string;
    hetu?: string;
    passinumero?: string;
    sahkoposti?: string;
    etunimet: string;
    kutsumanimi: string;
    sukunimi: string;
    syntymaaika?: string;
    sukupuoli?: KoodiUpdateDto;
    aidinkieli?: KoodiUpdateDto;
    kansalaisuus: KoodiUpdateDto[];
  };
}
interface OppijaTuontiCreateDto {
  sahkoposti?: string;
  henkilot: OppijaTuontiRiviCreateDto[];
}
interface OppijaTuontiPerustiedotReadDto {
  id: number;
  kasiteltavia: number;
  kasiteltyja: number;
  kasitelty: boolean;
}
interface OppijaReadDto {
  oid: string;
  oppijanumero: string | null;
  luotu: number;
  muokattu: number;
  hetu: string | null;
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  syntymaaika: string | null;
  sukupuoli: KoodiNimiReadDto | null;
  aidinkieli: KoodiNimiReadDto | null;
  kansalaisuus: KoodiNimiReadDto[];
  kotikunta: KoodiNimiReadDto | null;
  yhteystiedotRyhma: unknown[];
  passivoitu: boolean;
  linked: string[];
}
interface OppijaTuontiReadDto extends OppijaTuontiPerustiedotReadDto {
  henkilot: { tunniste: string; henkilo: OppijaReadDto; conflict?: boolean }[];
}
interface YleistunnisteTuontiReadDto extends OppijaTuontiPerustiedotReadDto {
  henkilot: { tunniste: string; henkilo: FilteredStudent; conflict?: boolean }[];
}
interface Page<T> {
  number: number;
  size: number;
  results: T[];
  totalElements: number;
  totalPages: number;
  numberOfElements: number;
  first: boolean;
  last: boolean;
}
interface MasterHenkiloDto<T> {
  oid: string;
  master: T;
}
interface OppijaTuontiYhteenvetoDto {
  onnistuneet: number;
  virheet: number;
  keskeneraiset: number;
  yhteensa: number;
}
interface OppijaCreateDto {
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  syntymaaika: string;
  sukupuoli: string;
  aidinkieli: { kieliKoodi: string };
  kansalaisuus: { kansalaisuusKoodi: string }[];
  passinumerot?: string[];
}

// ---- Plumbing -------------------------------------------------------------------------------------------

const base = (process.argv[2] ?? 'http://localhost:8080').replace(/\/$/, '');
const API = `${base}/oppijanumerorekisteri-service`;
// The reference's token issuer is the kayttooikeus-service: {issuer}/oauth2/token.
const TOKEN_URL = `${base}/kayttooikeus-service/oauth2/token`;
const CLIENT_ID = process.env.CLIENT_ID ?? 'demo-client';
const CLIENT_SECRET = process.env.CLIENT_SECRET ?? 'demo-client-secret';
const CALLER_ID = '1.2.246.562.10.00000000001.example-sis';

class Difference extends Error {}

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Difference(what);
}
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isLocalDate = (v: unknown) => v === null || (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v));
const isKoodiNimi = (v: unknown) =>
  typeof v === 'object' && v !== null && typeof (v as KoodiNimiReadDto).koodi === 'string' && 'nimi' in v;

let token = '';

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${API}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'Caller-Id': CALLER_ID,
      // OPH's convention for its services; harmless to bearer clients.
      CSRF: 'CSRF',
      Cookie: 'CSRF=CSRF',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function json<T>(method: string, path: string, body?: unknown, status = 200): Promise<T> {
  const res = await call(method, path, body);
  const text = await res.text();
  check(
    res.status === status,
    `${method} ${path}: expected ${status}, got ${res.status} ${text.slice(0, 300)}`,
  );
  return JSON.parse(text) as T;
}

const steps: string[] = [];
function done(step: string): void {
  steps.push(step);
  console.log(`ok  ${step}`);
}

async function untilProcessed(api: 'oppija' | 'yleistunniste', id: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const progress = await json<OppijaTuontiPerustiedotReadDto>('GET', `/${api}/tuonti=${id}/perustiedot`);
    check(isNumber(progress.kasiteltyja) && isNumber(progress.kasiteltavia), 'progress counters are numbers');
    if (progress.kasitelty) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Difference(`import ${id} was not processed within 2 minutes`);
}

// ---- The integration ------------------------------------------------------------------------------------

async function main(): Promise<void> {
  // 1. A token, as an OAuth2 library asks for it (client_secret_post), and its error for a wrong secret.
  const form = (secret: string) =>
    new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: secret });
  const refused = await fetch(TOKEN_URL, { method: 'POST', body: form('not-the-secret') });
  check(refused.status === 401 || refused.status === 400, `a wrong secret: 401, got ${refused.status}`);
  const refusal = (await refused.json()) as { error?: string };
  check(
    refusal.error === 'invalid_client',
    `RFC 6749 error "invalid_client", got ${JSON.stringify(refusal)}`,
  );
  const granted = await fetch(TOKEN_URL, { method: 'POST', body: form(CLIENT_SECRET) });
  check(granted.status === 200, `token: expected 200, got ${granted.status}`);
  const tokenBody = (await granted.json()) as TokenResponse;
  check(tokenBody.token_type === 'Bearer' && isNumber(tokenBody.expires_in), 'token_type Bearer, expires_in');
  token = tokenBody.access_token;
  done('token from {issuer}/oauth2/token; invalid_client for a wrong secret');

  // 2. Find or create one learner by hetu and names (a person the demo's population register knows).
  const kari: HenkiloExistenceCheckDto = {
    hetu: '091060-9190',
    etunimet: 'Kari Mikko',
    kutsumanimi: 'Kari',
    sukunimi: 'Savolainen',
  };
  const found = await json<YleistunnisteDto>('POST', '/yleistunniste/hae', kari);
  check(typeof found.oid === 'string' && 'oppijanumero' in found, 'YleistunnisteDto {oid, oppijanumero}');
  done('POST /yleistunniste/hae → YleistunnisteDto');

  // 3. Check an OID a learner brings along.
  const student = await json<FilteredStudent>('GET', `/yleistunniste/hae/${found.oid}`);
  check(
    Array.isArray(student.linked),
    `FilteredStudent.linked is always an array, got ${JSON.stringify(student)}`,
  );
  check(typeof student.passivoitu === 'boolean', 'FilteredStudent.passivoitu boolean');
  done('GET /yleistunniste/hae/{oid} → FilteredStudent with linked []');

  // 4. Exists, never creating.
  const exists = await json<{ oid: string }>('POST', '/henkilo/exists', kari);
  check(exists.oid === found.oid, 'exists answers the same OID');
  done('POST /henkilo/exists → {oid}');

  // 5. A mass import of richer rows with code objects, as the reference's OppijaTuontiCreateDto.
  const rows: OppijaTuontiCreateDto = {
    sahkoposti: 'opintotoimisto@example.fi',
    henkilot: [
      {
        tunniste: 'sis-1',
        henkilo: {
          hetu: kari.hetu,
          etunimet: kari.etunimet,
          kutsumanimi: kari.kutsumanimi,
          sukunimi: kari.sukunimi,
          sukupuoli: { koodi: '1' },
          aidinkieli: { koodi: 'FI' },
          kansalaisuus: [{ koodi: '246' }],
        },
      },
      {
        tunniste: 'sis-2',
        henkilo: {
          passinumero: 'ER1234567',
          etunimet: 'Semhar',
          kutsumanimi: 'Semhar',
          sukunimi: 'Tesfay',
          syntymaaika: '2004-03-09',
          sukupuoli: { koodi: '2' },
          aidinkieli: { koodi: 'ti' },
          kansalaisuus: [{ koodi: '232' }],
        },
      },
    ],
  };
  const accepted = await json<OppijaTuontiPerustiedotReadDto>('PUT', '/oppija', rows);
  check(
    isNumber(accepted.id) && accepted.kasiteltavia === 2,
    `PUT /oppija → perustiedot, got ${JSON.stringify(accepted)}`,
  );
  await untilProcessed('oppija', accepted.id);
  const results = await json<OppijaTuontiReadDto>('GET', `/oppija/tuonti=${accepted.id}`);
  check(results.henkilot.length === 2, `2 result rows, got ${results.henkilot.length}`);
  for (const row of results.henkilot) {
    const p = row.henkilo;
    check(typeof p.oid === 'string', `${row.tunniste}: henkilo.oid`);
    check(
      isNumber(p.luotu) && isNumber(p.muokattu),
      `${row.tunniste}: luotu/muokattu as epoch ms, got ${p.luotu}`,
    );
    check(isLocalDate(p.syntymaaika), `${row.tunniste}: syntymaaika as YYYY-MM-DD`);
    check(p.sukupuoli === null || isKoodiNimi(p.sukupuoli), `${row.tunniste}: sukupuoli {koodi, nimi}`);
    check(
      Array.isArray(p.kansalaisuus) && p.kansalaisuus.every(isKoodiNimi),
      `${row.tunniste}: kansalaisuus [{koodi, nimi}]`,
    );
    check(Array.isArray(p.yhteystiedotRyhma), `${row.tunniste}: yhteystiedotRyhma []`);
    check(
      Array.isArray(p.linked) && typeof p.passivoitu === 'boolean',
      `${row.tunniste}: linked [], passivoitu`,
    );
  }
  const eritrean = results.henkilot.find((r) => r.tunniste === 'sis-2')!.henkilo;
  check(eritrean.kansalaisuus[0]?.koodi === '232', 'the Eritrean nationality recorded');
  done('PUT /oppija with {koodi} objects; polled; results as OppijaReadDto');

  // 6. The change feed, page by page until `last`, as a synchronising integration reads it. A change
  // shows in the feed once it has settled (a few seconds): a synchronising job simply reads again later.
  let page = 1;
  let seen = new Set<string>();
  for (let attempt = 0; attempt < 40; attempt++) {
    page = 1;
    seen = new Set();
    for (;;) {
      const feed = await json<Page<MasterHenkiloDto<OppijaReadDto>>>(
        'GET',
        `/oppija/muuttuneet?muokattuJalkeen=2020-01-01&page=${page}&count=1`,
      );
      check(
        feed.number === page && feed.size === 1,
        `page envelope number/size, got ${JSON.stringify(feed).slice(0, 200)}`,
      );
      for (const item of feed.results) {
        check(typeof item.oid === 'string' && isNumber(item.master.muokattu), 'item {oid, master}');
        seen.add(item.oid);
      }
      if (feed.last) break;
      check(page < 1000, 'the feed ends');
      page += 1;
    }
    if (results.henkilot.every((r) => seen.has(r.henkilo.oid))) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  check(
    results.henkilot.every((r) => seen.has(r.henkilo.oid)),
    `the imported persons are in the feed (${seen.size} there)`,
  );
  done(`GET /oppija/muuttuneet to the last page (${page} pages)`);

  // 7. The summary.
  const summary = await json<OppijaTuontiYhteenvetoDto>('GET', '/oppija/yhteenveto');
  check(
    [summary.onnistuneet, summary.virheet, summary.keskeneraiset, summary.yhteensa].every(isNumber),
    'yhteenveto counts',
  );
  done('GET /oppija/yhteenveto');

  // 8. One learner without a Finnish hetu, created directly: the answer is the bare OID.
  const create: OppijaCreateDto = {
    etunimet: 'Bishnu Maya',
    kutsumanimi: 'Bishnu',
    sukunimi: 'Gurung',
    syntymaaika: '2003-11-20',
    sukupuoli: '2',
    aidinkieli: { kieliKoodi: 'ne' },
    kansalaisuus: [{ kansalaisuusKoodi: '524' }],
    passinumerot: ['NP9988776'],
  };
  const created = await call('POST', '/oppija', create);
  const createdText = (await created.text()).trim();
  check(
    created.status === 200 || created.status === 201,
    `POST /oppija: 200, got ${created.status} ${createdText}`,
  );
  check(
    /^1\.2\.246\.562\.\d+\.\d{11}$/.test(createdText),
    `POST /oppija answers the bare OID, got ${createdText}`,
  );
  done('POST /oppija → bare OID');

  // 9. The plain mass import of lookup rows.
  const yl = await json<OppijaTuontiPerustiedotReadDto>('PUT', '/yleistunniste', {
    henkilot: [{ tunniste: 'sis-1', henkilo: kari }],
  });
  await untilProcessed('yleistunniste', yl.id);
  const ylResults = await json<YleistunnisteTuontiReadDto>('GET', `/yleistunniste/tuonti=${yl.id}`);
  check(ylResults.henkilot[0]?.henkilo.oid === found.oid, 'the same person found by the import');
  check(Array.isArray(ylResults.henkilot[0]?.henkilo.linked), 'linked [] in the yleistunniste results');
  done('PUT /yleistunniste; polled; results with linked []');

  console.log(`\n${steps.length} steps answered as the reference would.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Difference ? `DIFFERENCE: ${error.message}` : error);
  process.exit(1);
});
