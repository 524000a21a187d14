import { type RawBuilder, sql } from 'kysely';
import { isValidOid, normaliseName, parseHetu } from '../domain/index.ts';
import { Invalid } from '../errors.ts';

// Finding persons by what an official types: an OID, a hetu, or words of a name.

export type SearchCriteria =
  | { kind: 'oid'; oid: string }
  | { kind: 'hetu'; hetu: string }
  /** Normalised words; each must begin a word of the person's names. */
  | { kind: 'names'; words: string[] };

export function criteriaSql(criteria: SearchCriteria): RawBuilder<boolean> {
  if (criteria.kind === 'oid') return sql<boolean>`p.oid = ${criteria.oid}`;
  if (criteria.kind === 'hetu') {
    return sql<boolean>`p.id in (select h.person_id from person_hetus h where h.hetu = ${criteria.hetu})`;
  }
  // name_key (migration 005) is the normalised "surname first names". With hyphens as spaces and a
  // leading space, every word and hyphen part can be matched at its start.
  const words = criteria.words.map(
    (w) => sql`(' ' || replace(p.name_key, '-', ' ')) like ${`% ${escapeLike(w)}%`}`,
  );
  return sql<boolean>`(${sql.join(words, sql` and `)})`;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** What a search string is: an OID, a hetu (current or earlier), or words of a name. */
export function searchCriteria(q: string, field = 'q'): SearchCriteria {
  const text = q.trim();
  if (isValidOid(text)) return { kind: 'oid', oid: text };
  if (parseHetu(text.toUpperCase()).ok) return { kind: 'hetu', hetu: text.toUpperCase() };
  const words = normaliseName(text)
    .split(/[\s-]+/)
    .filter((w) => w.length > 0);
  if (words.length === 0) throw Invalid.field(field, 'give an OID, a hetu or a name', q);
  return { kind: 'names', words };
}
