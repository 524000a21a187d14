import type { FastifyInstance } from 'fastify';
import type { FieldError } from '../errors.ts';
import { Invalid } from '../errors.ts';

/*
 * PostgreSQL cannot store every string JavaScript can hold: text and jsonb refuse the NUL character
 * (U+0000), and an unpaired UTF-16 surrogate has no UTF-8 form (it would be stored as U+FFFD, a
 * silent change). Such a value reaching a query fails it with SQLSTATE 22021/22P05 — a 500 that
 * names nothing — or worse, half way through a write. One hook refuses them before any handler runs,
 * in path parameters, the query string and the body (JSON or form), naming each field (SPEC §16).
 */

// With the u flag a well-formed surrogate pair is one code point; only unpaired halves match \p{Cs}.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point.
const UNSTORABLE = /[\u0000\p{Cs}]/u;
const MAX_REPORTED = 20;

function messageFor(text: string): string {
  return text.includes('\u0000')
    ? 'must not contain the NUL character (U+0000)'
    : 'must be valid Unicode text (it holds an unpaired surrogate)';
}

/** Fast first pass: is there anything to report at all? No paths are built. */
function holdsUnstorable(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return UNSTORABLE.test(value);
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (holdsUnstorable(item, depth + 1)) return true;
    return false;
  }
  for (const key in value) {
    if (UNSTORABLE.test(key)) return true;
    if (holdsUnstorable((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/** Field paths in the style of the API's own field errors: `henkilot[3].henkilo.hetu`. */
function collect(value: unknown, path: string, out: FieldError[], depth = 0): void {
  if (out.length >= MAX_REPORTED) return;
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) out.push({ field: path, message: messageFor(value) });
    return;
  }
  if (value === null || typeof value !== 'object' || depth > 64) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      collect(item, `${path}[${i}]`, out, depth + 1);
    });
    return;
  }
  for (const key in value) {
    // A key cannot be shown as it is (it holds the bad character); show it escaped.
    const shown = UNSTORABLE.test(key) ? JSON.stringify(key).slice(1, -1) : key;
    const field = path ? `${path}.${shown}` : shown;
    if (shown !== key) out.push({ field, message: `the name of this field ${messageFor(key)}` });
    collect((value as Record<string, unknown>)[key], field, out, depth + 1);
  }
}

export function unstorableTextErrors(parts: {
  params?: unknown;
  query?: unknown;
  body?: unknown;
}): FieldError[] {
  const errors: FieldError[] = [];
  // Parameters and query names are the fields; body fields are paths inside the body.
  for (const part of [parts.params, parts.query]) {
    if (holdsUnstorable(part)) collect(part, '', errors);
  }
  if (holdsUnstorable(parts.body)) {
    collect(parts.body, typeof parts.body === 'object' && parts.body !== null ? '' : 'body', errors);
  }
  return errors;
}

// JSON text can carry a NUL or an unpaired surrogate only as a \u escape: raw control characters are
// invalid JSON, and a body decoded from UTF-8 holds no unpaired surrogates (bad bytes become U+FFFD).
// Without such an escape in the raw text there is nothing to look for — a 3 ms scan of a 15 MB import
// instead of a walk of its 500 000 strings, which stalled the event loop by 40–80 ms.
const ESCAPED_UNSTORABLE = /\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/;
const BODY_CLEAN = Symbol('onr.bodyClean');

/** Refuses unstorable text with a 400 naming the fields, before validation and the handler. */
export function registerTextGuard(app: FastifyInstance): void {
  // Fastify's own JSON parser (prototype-poisoning checks included), with the scan in front of it.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (!ESCAPED_UNSTORABLE.test(body as string))
      (request as unknown as Record<symbol, boolean>)[BODY_CLEAN] = true;
    parseJson(request, body as string, done);
  });
  app.addHook('preValidation', async (request) => {
    const clean = (request as unknown as Record<symbol, boolean>)[BODY_CLEAN] === true;
    const errors = unstorableTextErrors(clean ? { params: request.params, query: request.query } : request);
    if (errors.length > 0) {
      throw new Invalid(
        `invalid ${[...new Set(errors.map((e) => e.field))].join(', ')}: text the registry cannot store`,
        errors,
      );
    }
  });
}
