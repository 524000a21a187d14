// The reference's OppijaReadDto as JSON text built by the database (import results, change feed):
// the server forwards text, so a 100 000-row answer costs it no objects. Codes carry their names
// from the code lists, handed to the query as one parameter per list.

import { type RawBuilder, sql } from 'kysely';
import { type CodeListName, codeList } from '../codes/index.ts';

const namesOf = (list: CodeListName): string =>
  JSON.stringify(
    Object.fromEntries(codeList(list).map((c) => [c.koodi, { FI: c.nimi.fi, SV: c.nimi.sv, EN: c.nimi.en }])),
  );

// Built once: the code lists change only with a release.
const CODE_NAMES = {
  sukupuoli: namesOf('sukupuoli'),
  kieli: namesOf('kieli'),
  maatjavaltiot2: namesOf('maatjavaltiot2'),
  kunta: namesOf('kunta'),
};

/**
 * A CTE `codes` with one jsonb column per code list (materialised: parsed once per query, and a
 * row's lookup reads only its own code's names).
 */
export const codesCte = (): RawBuilder<unknown> => sql`codes as materialized (
  select ${CODE_NAMES.sukupuoli}::jsonb as sukupuoli, ${CODE_NAMES.kieli}::jsonb as kieli,
    ${CODE_NAMES.maatjavaltiot2}::jsonb as maatjavaltiot2, ${CODE_NAMES.kunta}::jsonb as kunta)`;

/** `{koodi, nimi: {FI, SV, EN}}` of a code expression, or null; unknown codes get null names. */
const code = (list: CodeListName, expr: string) =>
  `case when ${expr} is null then 'null' else '{"koodi":' || to_json(${expr})::text || ',"nimi":' ||
    coalesce((codes.${list} -> ${expr})::text, '{"FI":null,"SV":null,"EN":null}') || '}' end`;

/** Epoch milliseconds of a timestamptz, as the reference writes java.util.Date. */
const epochMs = (expr: string) => `floor(extract(epoch from ${expr}) * 1000)::int8::text`;

/**
 * The other OIDs of the person's link group ([] when it is in none); the group is looked up only
 * for persons that are in one.
 */
export const linkedJson = (p: string) => `case
  when ${p}.master_id is not null or exists (select 1 from persons s where s.master_id = ${p}.id)
  then coalesce((select json_agg(g.oid order by g.id)::text from persons g
    where g.id <> ${p}.id
      and (g.id = coalesce(${p}.master_id, ${p}.id) or g.master_id = coalesce(${p}.master_id, ${p}.id))), '[]')
  else '[]' end`;

/**
 * The learner number of person `p` (its master `m`'s for a linked duplicate): the OID once
 * identified, else null (SPEC §3).
 */
export const oppijanumeroJson = (p: string, m: string) => `coalesce(to_json(case
  when ${p}.master_id is not null then case when ${m}.identified or ${m}.identified_vtj then ${m}.oid end
  when ${p}.identified or ${p}.identified_vtj then ${p}.oid end)::text, 'null')`;

/**
 * OppijaReadDto of person `p` (master `m` joined on p.master_id, may be null), as JSON text; the
 * query must have the `codes` CTE in its from list. Field order as the reference's.
 */
export function personJson(p: string, m: string): RawBuilder<string> {
  return sql.raw(`'{"oid":' || to_json(${p}.oid)::text
    || ',"oppijanumero":' || ${oppijanumeroJson(p, m)}
    || ',"luotu":' || ${epochMs(`${p}.created_at`)}
    || ',"muokattu":' || ${epochMs(`${p}.modified_at`)}
    || ',"hetu":' || coalesce(to_json(${p}.hetu)::text, 'null')
    || ',"etunimet":' || to_json(${p}.first_names)::text
    || ',"kutsumanimi":' || coalesce(to_json(${p}.nickname)::text, 'null')
    || ',"sukunimi":' || to_json(${p}.surname)::text
    || ',"syntymaaika":' || coalesce(to_json(${p}.birth_date)::text, 'null')
    || ',"sukupuoli":' || ${code('sukupuoli', `${p}.sex`)}
    || ',"aidinkieli":' || ${code('kieli', `upper(${p}.mother_tongue)`)}
    || ',"kansalaisuus":[' || coalesce((select string_agg(${code('maatjavaltiot2', 'u.n')}, ',' order by u.o)
      from unnest(${p}.nationalities) with ordinality as u(n, o)), '') || ']'
    || ',"kotikunta":' || case when ${p}.protection_order then 'null' else ${code('kunta', `${p}.home_municipality`)} end
    || ',"yhteystiedotRyhma":[]'
    || ',"passivoitu":' || ${p}.passivated::text
    || ',"linked":' || ${linkedJson(p)}
    || '}'`);
}
