// The wire shapes of docs/API-OFFICIALS.md (Henkilo, HenkiloSummary), built from rows. Pure.

import type { IdentificationError, PersonRow } from '../db/index.ts';
import { type IdentificationState, identificationState, isIdentified, oppijanumeroOf } from './model.ts';

export interface HenkiloSummary {
  oid: string;
  oppijanumero: string | null;
  hetu: string | null;
  etunimet: string;
  kutsumanimi: string | null;
  sukunimi: string;
  syntymaaika: string | null;
  tila: IdentificationState;
  passivoitu: boolean;
  duplicate: boolean;
  modified: string;
}

/** The columns a summary needs, with the master's OID and state (a slave reports its master's number). */
export type SummaryRow = Pick<
  PersonRow,
  | 'oid'
  | 'hetu'
  | 'first_names'
  | 'nickname'
  | 'surname'
  | 'birth_date'
  | 'identified'
  | 'identified_vtj'
  | 'identification_attempted'
  | 'passivated'
  | 'duplicate'
  | 'master_id'
  | 'modified_at'
> & { master_oid: string | null; master_identified: boolean | null };

export function summaryOf(row: SummaryRow): HenkiloSummary {
  const master =
    row.master_oid === null
      ? undefined
      : { oid: row.master_oid, identified: row.master_identified === true, identified_vtj: false };
  return {
    oid: row.oid,
    oppijanumero: oppijanumeroOf(row, master),
    hetu: row.hetu,
    etunimet: row.first_names,
    kutsumanimi: row.nickname,
    sukunimi: row.surname,
    syntymaaika: row.birth_date,
    tila: identificationState(row),
    passivoitu: row.passivated,
    duplicate: row.duplicate,
    modified: new Date(row.modified_at).toISOString(),
  };
}

export interface IdentificationFailure {
  syy: IdentificationError;
  aika: string;
  yrityksia: number;
  /** When the worker tries again (transient failures only). */
  seuraavaYritys: string | null;
  /** For HETU_PASSIVOITU: the person's current hetu, when the register named it. */
  aktiivinenHetu?: string;
}

export interface Henkilo {
  oid: string;
  oppijanumero: string | null;
  hetu: string | null;
  kaikkiHetut: string[];
  etunimet: string;
  kutsumanimi: string | null;
  sukunimi: string;
  entisetSukunimet: string[];
  syntymaaika: string | null;
  sukupuoli: '1' | '2' | null;
  aidinkieli: string | null;
  asiointikieli: string | null;
  kansalaisuus: string[];
  passinumerot: string[];
  sahkopostit: string[];
  kotikunta: string | null;
  turvakielto: boolean;
  kuolinpaiva: string | null;
  yksiloity: boolean;
  yksiloityVTJ: boolean;
  yksilointiYritetty: boolean;
  duplicate: boolean;
  passivoitu: boolean;
  tila: IdentificationState;
  yksilointivirhe: IdentificationFailure | null;
  master: { oid: string; oppijanumero: string | null } | null;
  linkitetyt: string[];
  organisaatiot: {
    oid: string;
    nimi: string;
    lisatty: string;
    lisaaja: string | null;
    lisaajaNimi: string | null;
  }[];
  created: string;
  createdBy: string | null;
  /** The creator's name when the creator is a user of the registry (an official or a service user). */
  createdByName: string | null;
  modified: string;
  modifiedBy: string | null;
  modifiedByName: string | null;
}

/** Everything the person page shows besides the person's own row. */
export interface PersonPageParts {
  hetus: string[];
  passports: string[];
  emails: string[];
  master: Pick<PersonRow, 'oid' | 'identified' | 'identified_vtj'> | undefined;
  slaves: string[];
  organisations: { oid: string; name: string; created_at: Date; created_by: string | null }[];
  activeHetu: string | null;
  /** The registry keeper sees the home municipality of a person with a protection order. */
  seesProtectedData: boolean;
  /** Names of the users named by created_by / modified_by above, by OID. */
  userNames: Map<string, string>;
}

export function identificationFailureOf(
  person: PersonRow,
  activeHetu: string | null,
): IdentificationFailure | null {
  if (person.identification_error === null || isIdentified(person)) return null;
  const transient = person.identification_error === 'VTJ_EI_VASTAA';
  return {
    syy: person.identification_error,
    aika: (person.identification_error_at ?? person.modified_at).toISOString(),
    yrityksia: person.identification_attempts,
    seuraavaYritys:
      transient && person.identification_due_at ? person.identification_due_at.toISOString() : null,
    ...(person.identification_error === 'HETU_PASSIVOITU' && activeHetu
      ? { aktiivinenHetu: activeHetu }
      : {}),
  };
}

function nameOf(names: Map<string, string>, oid: string | null): string | null {
  return oid === null ? null : (names.get(oid) ?? null);
}

export function henkiloOf(person: PersonRow, parts: PersonPageParts): Henkilo {
  // A protection order hides the address data (SPEC §3): here the home municipality.
  const hidden = person.protection_order && !parts.seesProtectedData;
  return {
    oid: person.oid,
    oppijanumero: oppijanumeroOf(person, parts.master),
    hetu: person.hetu,
    kaikkiHetut: parts.hetus,
    etunimet: person.first_names,
    kutsumanimi: person.nickname,
    sukunimi: person.surname,
    entisetSukunimet: person.former_surnames,
    syntymaaika: person.birth_date,
    sukupuoli: person.sex,
    aidinkieli: person.mother_tongue,
    asiointikieli: person.contact_language,
    kansalaisuus: person.nationalities,
    passinumerot: parts.passports,
    sahkopostit: parts.emails,
    kotikunta: hidden ? null : person.home_municipality,
    turvakielto: person.protection_order,
    kuolinpaiva: person.death_date,
    yksiloity: person.identified,
    yksiloityVTJ: person.identified_vtj,
    yksilointiYritetty: person.identification_attempted,
    duplicate: person.duplicate,
    passivoitu: person.passivated,
    tila: identificationState(person),
    yksilointivirhe: identificationFailureOf(person, parts.activeHetu),
    master: parts.master
      ? { oid: parts.master.oid, oppijanumero: isIdentified(parts.master) ? parts.master.oid : null }
      : null,
    linkitetyt: parts.slaves,
    organisaatiot: parts.organisations.map((o) => ({
      oid: o.oid,
      nimi: o.name,
      lisatty: new Date(o.created_at).toISOString(),
      lisaaja: o.created_by,
      lisaajaNimi: nameOf(parts.userNames, o.created_by),
    })),
    created: person.created_at.toISOString(),
    createdBy: person.created_by,
    createdByName: nameOf(parts.userNames, person.created_by),
    modified: person.modified_at.toISOString(),
    modifiedBy: person.modified_by,
    modifiedByName: nameOf(parts.userNames, person.modified_by),
  };
}
