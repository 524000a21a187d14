/**
 * The OpenAPI document as a product (docs/OPENAPI.md): @fastify/swagger builds it from the route
 * schemas, and the two hooks here turn it into what client generators need.
 *
 * - Every TypeBox schema with an `$id` (or a `title`) becomes one named `components.schemas` entry, referenced by
 *   `$ref` wherever it is used (the route schemas keep their TypeBox objects, so validation and
 *   `Static<>` types are untouched: only the document is rewritten).
 * - Unions of string literals become string enums; query and path parameters that accept only the
 *   digits of a number are integers, and `true`/`false` parameters booleans (on the wire they stay
 *   query strings, validated as now).
 * - Public routes (the access rule `public`) say `security: []`; every response has a description;
 *   the examples of a route's `x-onr-examples` land on its request body and responses.
 */
import type { RouteOptions } from 'fastify';

/** Examples of an operation, given in its route schema and moved into the document. */
export interface OperationExamples {
  /** An example request body. */
  request?: unknown;
  /** An example answer, by status code. */
  responses?: Record<number, unknown>;
}

declare module 'fastify' {
  interface FastifySchema {
    /** Examples for the OpenAPI document (src/http/openapi.ts). */
    'x-onr-examples'?: OperationExamples;
  }
}

const NAME = 'x-onr-schema-name';
const EXAMPLES = 'x-onr-examples';
const SCHEMAS = '#/components/schemas/';

// biome-ignore lint/suspicious/noExplicitAny: the document is plain JSON, walked generically
type Json = any;

const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A copy of a route schema in which each named schema carries its name as a mark instead: named by
 * its `$id`, or by its `title` (for a schema nested more than once in one route schema, where an
 * `$id` would be ambiguous to the validator; `title` is only an annotation to it).
 */
function markNames(node: Json): Json {
  if (Array.isArray(node)) return node.map(markNames);
  if (!isObject(node)) return node;
  const copy: Record<string, Json> = {};
  const isSchema = typeof node.type === 'string' || Array.isArray(node.anyOf);
  for (const [key, value] of Object.entries(node)) {
    if (key === '$id' && typeof value === 'string' && !value.startsWith('#')) copy[NAME] = value;
    else if (key === 'title' && isSchema && typeof value === 'string') copy[NAME] = value;
    else copy[key] = markNames(value);
  }
  return copy;
}

export interface DocumentRouteOptions {
  /** The access rule object that marks a route public: its operation needs no credentials. */
  isPublic: (route: RouteOptions) => boolean;
  /** The operationId of a route mounted at more than one prefix, for the mounts other than the API's. */
  operationIdAt?: (url: string, operationId: string) => string;
}

/** @fastify/swagger's `transform`: one route's schema as the document should see it. */
export function documentRoute(options: DocumentRouteOptions) {
  return ({ schema, url, route }: { schema: Json; url: string; route: RouteOptions }) => {
    if (!schema || schema.hide) return { schema, url };
    const marked = markNames(schema);
    if (marked.operationId && options.operationIdAt) {
      marked.operationId = options.operationIdAt(url, marked.operationId);
    }
    if (options.isPublic(route)) marked.security = [];
    return { schema: marked, url };
  };
}

/** The shared error responses (`components.responses`), by status code. */
const ERROR_RESPONSES: Record<string, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  503: 'ServiceUnavailable',
};

const STATUS_DESCRIPTIONS: Record<string, string> = {
  200: 'OK',
  201: 'Created',
  204: 'Done; no body',
  400: 'Invalid input; the error names each bad field',
  401: 'Not authenticated: no, an expired or an invalid token or session',
  403: 'Authenticated, but the caller lacks the right for this operation or person',
  404: 'Not found',
  409: 'Conflict with the current state (the message says which)',
  413: 'The body is too large',
  415: 'Unsupported content type',
  429: 'Too many requests: try again after `Retry-After` seconds',
  503: 'Temporarily unavailable (the database or the population register); retry later',
};

/** The token endpoint's errors (RFC 6749 §5.2), by status code. */
const OAUTH_DESCRIPTIONS: Record<string, string> = {
  400: '`invalid_request` or `unsupported_grant_type`',
  401: '`invalid_client`: unknown client, wrong secret, or no client authentication',
  413: '`invalid_request`: the body is too large',
  429: '`temporarily_unavailable`: too many token requests; try again after `Retry-After` seconds',
};

/** Post-order walk: `visit` sees a node after its children have been rewritten, and may replace it. */
function rewrite(node: Json, visit: (node: Json) => Json): Json {
  if (Array.isArray(node)) return node.map((item) => rewrite(item, visit));
  if (!isObject(node)) return node;
  for (const key of Object.keys(node)) node[key] = rewrite(node[key], visit);
  return visit(node);
}

const isStringLiteral = (s: Json) =>
  isObject(s) &&
  s.type === 'string' &&
  Array.isArray(s.enum) &&
  s.enum.length === 1 &&
  Object.keys(s).every((k) => k === 'type' || k === 'enum');
const isNullOnly = (s: Json) =>
  isObject(s) && s.nullable === true && Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null;

/** `anyOf: [{enum: [a]}, {enum: [b]}, …]` (TypeBox's union of literals) as `{type: string, enum: [a, b]}`. */
function collapseEnum(schema: Json): Json {
  // TypeBox's Enum of strings says no type: it is a string enum.
  if (
    schema.type === undefined &&
    Array.isArray(schema.enum) &&
    schema.enum.every((v: Json) => typeof v === 'string')
  ) {
    return { type: 'string', ...schema };
  }
  for (const combinator of ['anyOf', 'oneOf']) {
    const members = schema[combinator];
    if (!Array.isArray(members) || members.length < 2) continue;
    const literals = members.filter(isStringLiteral);
    const nulls = members.filter(isNullOnly);
    if (literals.length < 1 || literals.length + nulls.length !== members.length || nulls.length > 1)
      continue;
    const { [combinator]: _, ...rest } = schema;
    const values = literals.map((m: Json) => m.enum[0]);
    return nulls.length
      ? { ...rest, type: 'string', nullable: true, enum: [...values, null] }
      : { ...rest, type: 'string', enum: values };
  }
  return schema;
}

/** The bounds of a parameter pattern that accepts only a number's digits, or undefined. */
function digitsBounds(pattern: unknown): { minimum: number; maximum: number } | undefined {
  if (typeof pattern !== 'string') return undefined;
  let m = /^\^\[0-9\]\{1,(\d+)\}\$$/.exec(pattern);
  if (m) return { minimum: 0, maximum: 10 ** Number(m[1]) - 1 };
  m = /^\^\[1-9\]\[0-9\]\{0,(\d+)\}\$$/.exec(pattern);
  if (m) return { minimum: 1, maximum: 10 ** (Number(m[1]) + 1) - 1 };
  return undefined;
}

/** A query or path parameter's schema with the JSON type its value stands for. */
function typedParameter(schema: Json): Json {
  if (!isObject(schema)) return schema;
  const bounds = schema.type === 'string' ? digitsBounds(schema.pattern) : undefined;
  if (bounds) {
    const { type: _t, pattern: _p, ...rest } = schema;
    return { ...rest, type: 'integer', format: bounds.maximum < 2 ** 31 ? 'int32' : 'int64', ...bounds };
  }
  const values = schema.type === 'string' && Array.isArray(schema.enum) ? [...schema.enum].sort() : [];
  if (values.length === 2 && values[0] === 'false' && values[1] === 'true') {
    const { enum: _e, ...rest } = schema;
    return { ...rest, type: 'boolean' };
  }
  return schema;
}

const OPERATIONS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** @fastify/swagger's `transformObject`: the whole document, finished. */
export function finishDocument(documentObject: Json): Json {
  const doc = documentObject.openapiObject;
  const named: Record<string, Json> = doc.components.schemas ?? {};
  doc.components.schemas = named;

  // Enums first, so that every use of a named schema has the same shape before it is compared.
  for (const key of ['paths', 'components']) doc[key] = rewrite(doc[key], collapseEnum);

  // Named schemas to components, innermost first.
  const hoist = (node: Json) => {
    if (!isObject(node) || typeof node[NAME] !== 'string') return node;
    const { [NAME]: name, nullable, ...schema } = node;
    const known = named[name];
    if (known !== undefined && JSON.stringify(known) !== JSON.stringify(schema)) {
      throw new Error(`OpenAPI: two different schemas are named ${name}; give one another $id`);
    }
    named[name] = schema;
    const ref = { $ref: `${SCHEMAS}${name}` };
    // OpenAPI 3.0 has no nullable $ref; `nullable` needs a `type` beside it (generators read this as `T | null`).
    return nullable === true ? { type: schema.type ?? 'object', nullable: true, allOf: [ref] } : ref;
  };
  doc.paths = rewrite(doc.paths, hoist);
  doc.components.schemas = Object.fromEntries(
    Object.keys(named)
      .sort()
      .map((name) => [name, named[name]]),
  );

  for (const pathItem of Object.values(doc.paths) as Json[]) {
    for (const method of OPERATIONS) {
      const operation = pathItem[method];
      if (!operation) continue;
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'query' || parameter.in === 'path') {
          parameter.schema = typedParameter(parameter.schema);
        }
      }
      for (const [status, response] of Object.entries(operation.responses ?? {}) as [string, Json][]) {
        const generic = /^Every error answer/.test(response.description);
        if (response.description === 'Default Response' || generic) {
          const oauth = JSON.stringify(response.content ?? {}).includes(`"${SCHEMAS}OAuthError"`);
          response.description =
            (oauth ? OAUTH_DESCRIPTIONS[status] : STATUS_DESCRIPTIONS[status]) ?? `HTTP ${status}`;
        }
        // The project's error body under its status's own description: one shared response.
        const name = ERROR_RESPONSES[status];
        if (generic && name) {
          doc.components.responses ??= {};
          doc.components.responses[name] ??= response;
          operation.responses[status] = { $ref: `#/components/responses/${name}` };
        }
      }
      const examples: OperationExamples | undefined = operation[EXAMPLES];
      delete operation[EXAMPLES];
      if (examples?.request !== undefined && operation.requestBody) {
        const content = operation.requestBody.content;
        const media = content['application/json'] ?? content[Object.keys(content)[0] as string];
        if (media) media.example = examples.request;
      }
      for (const [status, example] of Object.entries(examples?.responses ?? {})) {
        const content = operation.responses?.[status]?.content;
        if (!content) throw new Error(`OpenAPI: an example for ${status}, which has no body`);
        for (const media of Object.values(content) as Json[]) media.example = example;
      }
    }
  }
  return doc;
}
