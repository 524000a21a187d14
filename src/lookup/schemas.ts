import { Type } from 'typebox';

// Lengths are generous but bounded: they keep absurd input out before the rules of SPEC §5 apply.
export const LookupBody = Type.Object(
  {
    hetu: Type.String({ maxLength: 11, description: 'Finnish personal identity code, DDMMYYCZZZQ' }),
    etunimet: Type.String({ maxLength: 255, description: 'first names, separated by single spaces' }),
    kutsumanimi: Type.String({ maxLength: 255, description: 'the first name in everyday use' }),
    sukunimi: Type.String({ maxLength: 255, description: 'surname' }),
  },
  { $id: 'HenkiloPerustiedot', description: 'A person as the caller knows them' },
);

export const LearnerNumberResponse = Type.Object(
  {
    oid: Type.String({ description: 'the person OID' }),
    oppijanumero: Type.Union([Type.String(), Type.Null()], {
      description: 'learner number; null until the person is identified',
    }),
  },
  { $id: 'Yleistunniste' },
);

export const OidResponse = Type.Object({ oid: Type.String() }, { $id: 'HenkiloOid' });

export const OidParams = Type.Object({ oid: Type.String({ maxLength: 64, description: 'a person OID' }) });

export const OidDescriptionResponse = Type.Object(
  {
    oid: Type.String(),
    oppijanumero: Type.Union([Type.String(), Type.Null()]),
    passivoitu: Type.Boolean(),
    linked: Type.Array(Type.String(), {
      description: 'the other OIDs linked to the same person (master and duplicates); [] when none',
    }),
  },
  { $id: 'YleistunnisteOid' },
);
