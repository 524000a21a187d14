/**
 * An integrator's client typed from onr's OpenAPI document alone: the types come from openapi-typescript
 * (`npx openapi-typescript openapi.json -o onr.ts`; here the project's committed copy,
 * web/src/api/openapi.ts), the calls are plain fetch. If the contract changes, this file stops compiling
 * (test/http/openapi.test.ts type-checks it against freshly generated types).
 *
 *   npm start                                   # the demo registry, in another terminal
 *   npm run example:typed-client [-- URL]       # default http://localhost:8080
 *
 * Gets a token, looks a person up (found or created from the population register), imports two rows,
 * waits for the import and reads its results and the change feed.
 */
import type { components, operations } from '../web/src/api/openapi.ts';

type Schemas = components['schemas'];
/** The JSON body of an operation's answer with the given status. */
type Answer<
  Op extends keyof operations,
  Status extends keyof operations[Op]['responses'],
> = operations[Op]['responses'][Status] extends { content: { 'application/json': infer T } } ? T : never;
/** The JSON request body of an operation. */
type Body<Op extends keyof operations> = operations[Op] extends {
  requestBody: { content: { 'application/json': infer T } };
}
  ? T
  : never;

const base = (process.argv[2] ?? 'http://localhost:8080').replace(/\/$/, '');
const API = `${base}/oppijanumerorekisteri-service`;
const CLIENT_ID = process.env.CLIENT_ID ?? 'demo-client';
const CLIENT_SECRET = process.env.CLIENT_SECRET ?? 'demo-client-secret';

let token = '';

async function send<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
  const response = await fetch(`${API}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok && response.status !== 404 && response.status !== 409) {
    const error = JSON.parse(text) as Schemas['Error'];
    throw new Error(`${method} ${path}: ${error.status} ${error.message}`);
  }
  return { status: response.status, data: (text ? JSON.parse(text) : null) as T };
}

async function getToken(): Promise<Answer<'issueToken', 200>> {
  const response = await fetch(`${API}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    }),
  });
  if (!response.ok) {
    const refusal = (await response.json()) as Schemas['OAuthError'];
    throw new Error(`token: ${refusal.error} ${refusal.error_description}`);
  }
  return (await response.json()) as Answer<'issueToken', 200>;
}

async function main(): Promise<void> {
  const granted = await getToken();
  token = granted.access_token;
  console.log(`token for ${granted.expires_in} s`);

  const person: Body<'findOrCreateLearnerNumber'> = {
    hetu: '010866-9260',
    etunimet: 'Maija Liisa',
    kutsumanimi: 'Maija',
    sukunimi: 'Meikäläinen',
  };
  const found = await send<Answer<'findOrCreateLearnerNumber', 200>>('POST', '/yleistunniste/hae', person);
  if (found.status === 200)
    console.log(`hae: ${found.data.oid}, learner number ${found.data.oppijanumero ?? '—'}`);
  else console.log(`hae: ${found.status} (not in the population register, or other names)`);

  const rows: Body<'startYleistunnisteImport'> = {
    henkilot: [
      { tunniste: 'rivi-1', henkilo: person },
      {
        tunniste: 'rivi-2',
        henkilo: { hetu: '240795-953C', etunimet: 'Erkki', kutsumanimi: 'Erkki', sukunimi: 'Esimerkki' },
      },
    ],
  };
  const started = await send<Answer<'startYleistunnisteImport', 200>>('PUT', '/yleistunniste', rows);
  const id = started.data.id;
  let progress = started.data;
  for (let i = 0; !progress.kasitelty && i < 300; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    progress = (
      await send<Answer<'getYleistunnisteImportProgress', 200>>(
        'GET',
        `/yleistunniste/tuonti=${id}/perustiedot`,
      )
    ).data;
  }
  const results = await send<Answer<'getYleistunnisteImportResults', 200>>(
    'GET',
    `/yleistunniste/tuonti=${id}`,
  );
  for (const row of results.data.henkilot) {
    const outcome = row.henkilo
      ? `${row.henkilo.oid}${row.conflict ? ' (other names: conflict)' : ''}`
      : 'row error';
    console.log(`import ${id} ${row.tunniste}: ${outcome}`);
  }

  // The importer's change feed (OPPIJOIDENTUONTI): read to its last page.
  const changed: Schemas['MuuttuneetSivu']['results'] = [];
  for (let page = 1; ; page++) {
    const answer = await send<Answer<'listChangedOppijat', 200>>(
      'GET',
      `/oppija/muuttuneet?page=${page}&count=100`,
    );
    if (answer.status !== 200) break;
    changed.push(...answer.data.results);
    if (answer.data.last) break;
  }
  console.log(`change feed: ${changed.length} persons`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
