/**
 * Examples of the integrator operations for the OpenAPI document (docs/OPENAPI.md): what a request
 * and its answer look like. Test hetus (individual number 900–999) and made-up OIDs; the document's
 * lint and the typed-client test read them, and test/http/openapi.test.ts checks that each one is
 * valid against its schema.
 */
import type { OperationExamples } from './openapi.ts';

const MAIJA = { hetu: '010866-9260', etunimet: 'Maija Liisa', kutsumanimi: 'Maija', sukunimi: 'Meikäläinen' };
const ERKKI = { hetu: '240795-953C', etunimet: 'Erkki', kutsumanimi: 'Erkki', sukunimi: 'Esimerkki' };
const MAIJA_OID = '1.2.246.562.24.14857097582';
const ERKKI_OID = '1.2.246.562.24.20938145761';
const DUPLICATE_OID = '1.2.246.562.24.31755209646';

const names = (fi: string, sv: string, en: string) => ({ FI: fi, SV: sv, EN: en });

/** Maija as the reference's OppijaReadDto (import results and the change feed). */
const MAIJA_READ = {
  oid: MAIJA_OID,
  oppijanumero: MAIJA_OID,
  luotu: 1788336000000,
  muokattu: 1788339600000,
  ...MAIJA,
  syntymaaika: '1966-08-01',
  sukupuoli: { koodi: '2', nimi: names('nainen', 'kvinna', 'female') },
  aidinkieli: { koodi: 'fi', nimi: names('suomi', 'finska', 'Finnish') },
  kansalaisuus: [{ koodi: '246', nimi: names('Suomi', 'Finland', 'Finland') }],
  kotikunta: { koodi: '091', nimi: names('Helsinki', 'Helsingfors', 'Helsinki') },
  yhteystiedotRyhma: [],
  passivoitu: false,
  linked: [DUPLICATE_OID],
};

const progress = (done: boolean) => ({
  id: 4711,
  kasiteltavia: 2,
  kasiteltyja: done ? 2 : 0,
  kasitelty: done,
});

export const EXAMPLES = {
  issueToken: {
    request: { grant_type: 'client_credentials', client_id: 'koulu-sis', client_secret: 'k8Q…' },
    responses: {
      200: {
        access_token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxLjIuMjQ2LjU2Mi4yNC4…',
        token_type: 'Bearer',
        expires_in: 3600,
      },
    },
  },
  findOrCreateLearnerNumber: {
    request: MAIJA,
    responses: { 200: { oid: MAIJA_OID, oppijanumero: MAIJA_OID } },
  },
  checkPersonExists: { request: MAIJA, responses: { 200: { oid: MAIJA_OID } } },
  describeOid: {
    responses: {
      200: { oid: DUPLICATE_OID, oppijanumero: MAIJA_OID, passivoitu: true, linked: [MAIJA_OID] },
    },
  },
  startYleistunnisteImport: {
    request: {
      sahkoposti: 'tuonnit@koulu.example',
      henkilot: [
        { tunniste: 'rivi-1', henkilo: MAIJA },
        { tunniste: 'rivi-2', henkilo: ERKKI },
      ],
    },
    responses: { 200: progress(false) },
  },
  getYleistunnisteImportResults: {
    responses: {
      200: {
        ...progress(true),
        henkilot: [
          {
            tunniste: 'rivi-1',
            henkilo: { oid: MAIJA_OID, oppijanumero: MAIJA_OID, passivoitu: false, linked: [] },
          },
          {
            tunniste: 'rivi-2',
            henkilo: { oid: ERKKI_OID, oppijanumero: null, passivoitu: false, linked: [] },
            conflict: true,
          },
        ],
      },
    },
  },
  startOppijaImport: {
    request: {
      henkilot: [
        {
          tunniste: 'rivi-1',
          henkilo: {
            ...MAIJA,
            sukupuoli: { koodi: '2' },
            aidinkieli: { koodi: 'fi' },
            kansalaisuus: [{ koodi: '246' }],
          },
        },
        {
          tunniste: 'rivi-2',
          henkilo: {
            passinumero: 'XP1234567',
            etunimet: 'Ana',
            kutsumanimi: 'Ana',
            sukunimi: 'Ejemplo',
            syntymaaika: '2004-03-15',
            sukupuoli: { koodi: '2' },
            aidinkieli: { koodi: 'es' },
            kansalaisuus: [{ koodi: '724' }],
          },
        },
      ],
    },
    responses: { 200: progress(false) },
  },
  getOppijaImportResults: {
    responses: {
      200: {
        id: 4711,
        kasiteltavia: 1,
        kasiteltyja: 1,
        kasitelty: true,
        henkilot: [{ tunniste: 'rivi-1', henkilo: MAIJA_READ }],
      },
    },
  },
  listChangedOppijat: {
    responses: {
      200: {
        number: 1,
        size: 20,
        results: [{ oid: DUPLICATE_OID, master: MAIJA_READ }],
        totalElements: 1,
        totalPages: 1,
        numberOfElements: 1,
        first: true,
        last: true,
      },
    },
  },
} satisfies Record<string, OperationExamples>;
