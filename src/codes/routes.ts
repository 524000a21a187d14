import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { rules } from '../access/index.ts';
import { NotFound } from '../errors.ts';
import { errors } from '../http/index.ts';
import { CODE_LIST_NAMES, codeList, isCodeListName } from './code-lists.ts';

const Names = Type.Object({ fi: Type.String(), sv: Type.String(), en: Type.String() });

const CodeListAnswer = Type.Array(
  Type.Object({
    koodi: Type.String(),
    nimi: Names,
    voimassaLoppuPvm: Type.Optional(
      Type.String({ description: 'a code no longer given out: the last day it was (still accepted)' }),
    ),
  }),
  { $id: 'Koodisto' },
);

/** GET /koodisto/{name}: the code lists, for the UI's pickers and for integrators. */
export function codeRoutes() {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/koodisto/:name',
      {
        // Public reference data, no personal data: the reference's code service is public too.
        config: { access: rules.public },
        schema: {
          tags: ['Code lists'],
          operationId: 'getCodeList',
          summary: 'A code list with its names in Finnish, Swedish and English',
          description: `Lists: ${CODE_LIST_NAMES.join(', ')} (countries ISO 3166 numeric, languages ISO 639-1 in upper case, municipalities by Statistics Finland's code, sex). Import rows and person data are checked against these lists.`,
          params: Type.Object({
            name: Type.String({ maxLength: 40, description: CODE_LIST_NAMES.join(' | ') }),
          }),
          response: { 200: CodeListAnswer, ...errors(404) },
        },
      },
      async (request, reply) => {
        const { name } = request.params;
        if (!isCodeListName(name)) throw new NotFound(`no code list ${name}`);
        // Changes only with a release: let browsers keep it for a day.
        reply.header('cache-control', 'public, max-age=86400');
        return [...codeList(name)];
      },
    );
  };
}
