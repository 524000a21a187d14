/**
 * Generates persons inside PostgreSQL (fast enough for 10 million rows), and the same persons in
 * TypeScript, so that a load generator knows which hetu goes with which names.
 *
 * Person i (1-based) is born on 1920-01-01 + (i mod 36500) days with individual number
 * 2 + floor(i / 36500) (000 and 001 are never issued): unique for i < 36.4 million.
 */
import { makeHetu } from '../src/domain/hetu.ts';

export const FIRST_NAMES = [
  'Matti',
  'Maija',
  'Juha',
  'Aino',
  'Mikko',
  'Sanna',
  'Åsa',
  'Jörgen',
  'Liisa',
  'Pekka',
  'Eeva',
  'Ville',
  'Kaisa',
];
export const SURNAMES = [
  'Virtanen',
  'Korhonen',
  'Mäkinen',
  'Nieminen',
  'Mäkelä',
  'Hämäläinen',
  'Laine',
  'Heikkinen',
  'Koskinen',
  'Järvinen',
  'Lehtonen',
  'Lindström',
  'Öhman',
  'Saarinen',
  'Salminen',
  'Ahonen',
  'Turunen',
];
const DAYS = 36_500;
const EPOCH = Date.UTC(1920, 0, 1);

export function benchPerson(i: number): {
  hetu: string;
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
} {
  const birth = new Date(EPOCH + (i % DAYS) * 86_400_000).toISOString().slice(0, 10);
  const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
  const second = FIRST_NAMES[(i + 5) % FIRST_NAMES.length]!;
  return {
    hetu: makeHetu(birth, 2 + Math.floor(i / DAYS)),
    etunimet: `${first} ${second}`,
    kutsumanimi: first,
    sukunimi: SURNAMES[Math.floor(i / 7) % SURNAMES.length]!,
  };
}

const sqlArray = (values: string[]) => `array[${values.map((v) => `'${v}'`).join(',')}]`;

/** `bench_hetu(i)`: the hetu of person i, computed in SQL exactly as benchPerson does. */
export const BENCH_FUNCTIONS_SQL = `
create or replace function bench_hetu(i bigint) returns text language sql immutable parallel safe as $$
  select ddmmyy || sign || zzz || substr('0123456789ABCDEFHJKLMNPRSTUVWXY', ((ddmmyy || zzz)::bigint % 31)::int + 1, 1)
  from (select to_char(d, 'DDMMYY') as ddmmyy,
               case when d < date '2000-01-01' then '-' else 'A' end as sign,
               lpad((2 + i / ${DAYS})::text, 3, '0') as zzz
        from (select date '1920-01-01' + (i % ${DAYS})::int as d) x) y
$$;
create or replace function bench_first_names(i bigint) returns text language sql immutable parallel safe as $$
  select (${sqlArray(FIRST_NAMES)})[(i % ${FIRST_NAMES.length})::int + 1] || ' ' ||
         (${sqlArray(FIRST_NAMES)})[((i + 5) % ${FIRST_NAMES.length})::int + 1]
$$;
create or replace function bench_surname(i bigint) returns text language sql immutable parallel safe as $$
  select (${sqlArray(SURNAMES)})[((i / 7) % ${SURNAMES.length})::int + 1]
$$;`;

/**
 * Inserts persons from+1 … to (identified against the register, as hae creates them) attached to
 * an organisation, with their hetu history. The OIDs are unique by construction (node 98, Luhn not
 * needed for a benchmark table).
 */
export function insertPersonsSql(from: number, to: number, organisationOid: string): string {
  return `
    insert into persons (oid, hetu, first_names, nickname, surname, birth_date, sex, identified_vtj,
                         identification_attempted, created_by)
    select '1.2.246.562.98.' || (10000000000 + i)::text, bench_hetu(i), bench_first_names(i),
           split_part(bench_first_names(i), ' ', 1), bench_surname(i),
           date '1920-01-01' + (i % ${DAYS})::int, case when (2 + i / ${DAYS}) % 2 = 1 then '1' else '2' end,
           true, true, 'bench'
    from generate_series(${from + 1}, ${to}) as i;
    insert into person_hetus (hetu, person_id)
      select hetu, id from persons where id > (select coalesce(max(person_id), 0) from person_hetus) and hetu is not null;
    insert into person_organisations (person_id, organisation_oid, created_by)
      select id, '${organisationOid}', 'bench' from persons
      where id > (select coalesce(max(person_id), 0) from person_organisations);`;
}
