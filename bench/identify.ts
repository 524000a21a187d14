// Identification benchmark (SPEC §9, issue 4): a mass import of N new persons (default 10 000)
// through the real server (a child process on PostgreSQL), identified by its identification worker
// against a simulated population register served over HTTP (the wire protocol of the production
// adapter). Some persons have names the register spells differently, some hetus it does not know,
// some passivated hetus (with and without an active one). Ends when every person is identified or
// listed with a reason; prints persons/s.
//
//   npm run bench:identify -- [--persons 10000] [--rate 10000] [--concurrency 16]
//
// --rate and --concurrency set both the register adapter's and the worker's limits
// (ONR_POPULATION_REGISTER_RATE/_CONCURRENCY, ONR_IDENTIFICATION_RATE/_CONCURRENCY): the real
// register is metered, so production runs far below this; the figure measures the registry's side.
// Uses DATABASE_URL's server, or the local PostgreSQL (127.0.0.1:5432, user postgres, trust auth).

import { parseArgs } from 'node:util';
import pg from 'pg';
import { makeHetu } from '../src/domain/hetu.ts';
import { startPopulationServer } from '../src/identification/population-server.ts';
import {
  SimulatedPopulationRegister,
  type SimulatedRegisterEntry,
} from '../src/identification/simulated-register.ts';
import { adminClient, databaseUrl, recreateDatabase, startServerProcess, writeResult } from './support.ts';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '16' },
  },
});
const PERSONS = Number(values.persons);
const RATE = Number(values.rate);
const CONCURRENCY = Number(values.concurrency);
const API = '/oppijanumerorekisteri-service';
const DB_NAME = 'onr_bench_identify';

const FIRST = ['Aino', 'Eino', 'Helmi', 'Väinö', 'Lilja', 'Onni', 'Sofia', 'Leevi', 'Åsa', 'Jörgen'];
const SURNAMES = ['Virtanen', 'Korhonen', 'Mäkinen', 'Nieminen', 'Mäkelä', 'Hämäläinen', 'Laine'];

type Kind = 'match' | 'mismatch' | 'unknown' | 'passivated-active' | 'passivated';

/** The mix of a cohort: mostly matches, and every kind of failure. */
function kindOf(i: number): Kind {
  const k = i % 100;
  if (k < 85) return 'match';
  if (k < 90) return 'mismatch';
  if (k < 95) return 'unknown';
  if (k < 98) return 'passivated-active';
  return 'passivated';
}

/** Distinct valid (non-test) hetus: day by day from 1990, individual numbers 2–899. */
function hetuOf(i: number): string {
  const day = new Date(Date.UTC(1990, 0, 1) + Math.floor(i / 898) * 86_400_000).toISOString().slice(0, 10);
  return makeHetu(day, 2 + (i % 898));
}

function cohort(count: number) {
  const rows: { tunniste: string; henkilo: Record<string, string> }[] = [];
  const register: SimulatedRegisterEntry[] = [];
  const kinds = new Map<Kind, number>();
  for (let i = 0; i < count; i++) {
    const kind = kindOf(i);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    const hetu = hetuOf(i);
    const first = FIRST[i % FIRST.length]!;
    const surname = SURNAMES[(i >> 3) % SURNAMES.length]!;
    rows.push({
      tunniste: `row-${i}`,
      henkilo: { hetu, etunimet: first, kutsumanimi: first, sukunimi: surname },
    });
    if (kind === 'match') register.push({ hetu, etunimet: `${first} Maria`, sukunimi: surname });
    if (kind === 'mismatch') register.push({ hetu, etunimet: 'Toinen', sukunimi: 'Henkilö' });
    if (kind === 'passivated') register.push({ hetu, etunimet: first, sukunimi: surname, passivoitu: true });
    if (kind === 'passivated-active') {
      register.push({
        hetu,
        etunimet: first,
        sukunimi: surname,
        passivoitu: true,
        aktiivinenHetu: hetuOf(count + i),
      });
    }
  }
  return { rows, register, kinds: Object.fromEntries(kinds) };
}

async function token(url: string): Promise<string> {
  const res = await fetch(`${url}${API}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-client-secret',
  });
  if (!res.ok) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

interface Outcomes {
  persons: number;
  identified: number;
  listed: number;
  waiting: number;
  reasons: Record<string, number>;
}

async function outcomes(client: pg.Client, importId: number): Promise<Outcomes> {
  const totals = await client.query(
    `select count(*)::int as persons,
       count(*) filter (where identified_vtj)::int as identified,
       count(*) filter (where identification_attempted and not identified_vtj)::int as listed,
       count(*) filter (where identification_due_at is not null)::int as waiting
     from persons where import_id = $1`,
    [importId],
  );
  const reasons = await client.query(
    `select identification_error as reason, count(*)::int as n from persons
     where import_id = $1 and identification_attempted and not identified_vtj group by 1 order by 1`,
    [importId],
  );
  return { ...totals.rows[0], reasons: Object.fromEntries(reasons.rows.map((r) => [r.reason, r.n])) };
}

const line = (label: string, value: string | number) => console.log(`${label.padEnd(48)} ${value}`);
const seconds = (ms: number) => Math.round(ms) / 1000;

async function main() {
  console.log(
    `identification benchmark: ${PERSONS} new persons, register over HTTP at ${RATE}/s × ${CONCURRENCY} in flight`,
  );
  const { rows, register, kinds } = cohort(PERSONS);
  const population = await startPopulationServer({ register: new SimulatedPopulationRegister(register) });
  const admin = await adminClient();
  await recreateDatabase(admin, DB_NAME);
  await admin.end();
  const dbUrl = process.env.DATABASE_URL ?? databaseUrl(DB_NAME);
  const limits = { RATE: String(RATE), CONCURRENCY: String(CONCURRENCY) };
  const server = await startServerProcess({
    DATABASE_URL: dbUrl,
    ONR_SEED_DEMO_DATA: 'true',
    ONR_LOG_LEVEL: 'warn',
    ONR_POPULATION_REGISTER_URL: population.url,
    ONR_POPULATION_REGISTER_RATE: limits.RATE,
    ONR_POPULATION_REGISTER_CONCURRENCY: limits.CONCURRENCY,
    ONR_IDENTIFICATION_RATE: limits.RATE,
    ONR_IDENTIFICATION_CONCURRENCY: limits.CONCURRENCY,
    ONR_IDENTIFICATION_BATCH: '200',
  });
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const headers = {
      authorization: `Bearer ${await token(server.url)}`,
      'content-type': 'application/json',
    };
    const t0 = performance.now();
    const accepted = await fetch(`${server.url}${API}/yleistunniste`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ henkilot: rows }),
    });
    if (!accepted.ok) throw new Error(`PUT: ${accepted.status} ${await accepted.text()}`);
    const { id } = (await accepted.json()) as { id: number };
    let imported: number | undefined;
    let done: Outcomes;
    const deadline = Date.now() + 30 * 60_000;
    for (;;) {
      if (imported === undefined) {
        const res = await fetch(`${server.url}${API}/yleistunniste/tuonti=${id}/perustiedot`, { headers });
        if (((await res.json()) as { kasitelty: boolean }).kasitelty) imported = performance.now();
      }
      done = await outcomes(client, id);
      if (imported !== undefined && done.persons === PERSONS && done.identified + done.listed === PERSONS)
        break;
      if (Date.now() > deadline) throw new Error(`not done in 30 minutes: ${JSON.stringify(done)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const t1 = performance.now();
    const summary = await fetch(`${server.url}${API}/virhelista/yhteenveto`, { headers });
    const counts = (await summary.json()) as { onnistuneet: number; virheet: number };
    const expected = {
      identified: kinds.match ?? 0,
      NIMET_EIVAT_TASMAA: kinds.mismatch ?? 0,
      HETU_EI_VTJ: kinds.unknown ?? 0,
      HETU_PASSIVOITU: (kinds.passivated ?? 0) + (kinds['passivated-active'] ?? 0),
    };
    const ok =
      done.identified === expected.identified &&
      done.reasons.NIMET_EIVAT_TASMAA === expected.NIMET_EIVAT_TASMAA &&
      done.reasons.HETU_EI_VTJ === expected.HETU_EI_VTJ &&
      done.reasons.HETU_PASSIVOITU === expected.HETU_PASSIVOITU &&
      counts.virheet === done.listed;
    if (!ok) throw new Error(`unexpected outcomes: ${JSON.stringify({ done, expected, counts })}`);

    const totalS = seconds(t1 - t0);
    const importS = seconds(imported - t0);
    const rate = Math.round(PERSONS / totalS);
    line('import accepted and processed s', importS);
    line('import + identification of every person s', totalS);
    line('identified', done.identified);
    line('listed with a reason', `${done.listed} ${JSON.stringify(done.reasons)}`);
    line('register requests', population.stats().requests);
    line('persons/s end to end (import + identification)', rate);
    writeResult('identify', {
      persons: PERSONS,
      registerRatePerSecond: RATE,
      registerConcurrency: CONCURRENCY,
      batch: 200,
      importSeconds: importS,
      totalSeconds: totalS,
      personsPerSecond: rate,
      identified: done.identified,
      listed: done.listed,
      reasons: done.reasons,
      registerRequests: population.stats().requests,
      errorListSummary: counts,
      measuredAt: new Date().toISOString(),
    });
  } finally {
    await client.end();
    await server.stop();
    await population.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
