import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/index.ts';
import { AppError, type FieldError } from '../errors.ts';

export interface ErrorBody {
  status: number;
  error: string;
  message: string;
  path: string;
  timestamp: string;
  requestId: string;
  fieldErrors?: FieldError[];
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

// Array positions as the reference (Spring) names them: henkilot[3].henkilo.hetu.
function fieldOf(e: AjvError, context: string): string {
  const path = e.instancePath
    .replace(/^\//, '')
    .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
    .replace(/\//g, '.');
  const missing = typeof e.params.missingProperty === 'string' ? e.params.missingProperty : undefined;
  const extra = typeof e.params.additionalProperty === 'string' ? e.params.additionalProperty : undefined;
  const leaf = missing ?? extra;
  const field = [path, leaf].filter(Boolean).join('.');
  return field || context;
}

function valueAt(root: unknown, instancePath: string): unknown {
  let v = root;
  for (const part of instancePath.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[decodeURIComponent(part)];
  }
  return v;
}

function validationFieldErrors(error: FastifyError, request: FastifyRequest): FieldError[] {
  const context = error.validationContext ?? 'body';
  const source = (request as unknown as Record<string, unknown>)[context];
  return ((error.validation ?? []) as AjvError[]).map((e) => {
    const rejected = e.keyword === 'required' ? undefined : valueAt(source, e.instancePath);
    return {
      field: fieldOf(e, context),
      message: e.keyword === 'required' ? 'is required' : (e.message ?? 'is invalid'),
      // Never echo big values (a whole import) back.
      ...(rejected !== undefined && typeof rejected !== 'object' ? { rejectedValue: rejected } : {}),
    };
  });
}

export function errorBody(
  request: FastifyRequest,
  status: number,
  message: string,
  fieldErrors?: FieldError[],
): ErrorBody {
  return {
    status,
    error: STATUS_CODES[status] ?? 'Error',
    message,
    path: request.url.split('?')[0] ?? request.url,
    timestamp: new Date().toISOString(),
    requestId: request.id,
    ...(fieldErrors && fieldErrors.length > 0 ? { fieldErrors } : {}),
  };
}

function send(reply: FastifyReply, body: ErrorBody) {
  return reply.status(body.status).type('application/json; charset=utf-8').send(body);
}

// character_not_in_repertoire, untranslatable_character: a text value PostgreSQL cannot store. The
// text guard (text-guard.ts) refuses these first, naming the field; this is the backstop.
const UNSTORABLE_TEXT_CODES = new Set(['22021', '22P05']);

/**
 * Errors Fastify raises before a request reaches a route (a malformed percent-encoding in the
 * path, a path parameter longer than the router's limit): the Fastify option `frameworkErrors`,
 * so that they too come in the project's error shape instead of Fastify's own body.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : (error.statusCode ?? 400);
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'a path parameter is too long'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'the path is not validly percent-encoded'
        : error.message;
  const body = errorBody(request, status, message);
  // Never echo a huge URL back.
  if (body.path.length > 256) body.path = `${body.path.slice(0, 256)}…`;
  reply.header('x-request-id', request.id);
  return send(reply, body);
}

/**
 * A request Node's HTTP parser refuses (a NUL or other control character in a header, a header too
 * large, a timeout) never becomes a Fastify request: the Fastify option `clientErrorHandler`
 * answers it on the socket, in the project's error shape (the path is unknown, the id fresh).
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const label = STATUS_CODES[status] ?? 'Bad Request';
  const body = JSON.stringify({
    status,
    error: label,
    message:
      status === 408
        ? 'the request took too long to arrive'
        : status === 431
          ? 'the request headers are too large'
          : 'the request is not valid HTTP (a control character in a header?)',
    path: '',
    timestamp: new Date().toISOString(),
    requestId: randomUUID(),
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${label}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * While the server stops, requests still arriving on open keep-alive connections are refused with
 * 503 (and `Connection: close`) in the project's error shape; Fastify's own load shedding
 * (`return503OnClosing`, turned off in app.ts) answers in its own. Requests already past this hook
 * are answered normally: that is the graceful part of the stop.
 */
export function registerDrain(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    return send(reply, errorBody(request, 503, 'the server is stopping; try again (another instance)'));
  });
}

/** One place maps every failure to the error body of SPEC §7; never a stack trace. */
export function registerErrorHandler(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return send(reply, errorBody(request, error.status, error.message, error.fieldErrors));
    }
    if (error.validation) {
      const fieldErrors = validationFieldErrors(error, request);
      const message = `invalid ${[...new Set(fieldErrors.map((f) => f.field))].join(', ')}`;
      return send(reply, errorBody(request, 400, message, fieldErrors));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // Small endpoints have a route limit of their own; name the limit that applied.
      const limit = request.routeOptions.bodyLimit ?? bodyLimit;
      const size =
        limit >= 1024 * 1024 ? `${Math.floor(limit / 1024 / 1024)} MiB` : `${Math.floor(limit / 1024)} KiB`;
      return send(
        reply,
        errorBody(request, 413, `request body is larger than the limit of ${size} (${limit} bytes)`),
      );
    }
    if (UNSTORABLE_TEXT_CODES.has(String(error.code))) {
      return send(
        reply,
        errorBody(request, 400, 'the request holds text the registry cannot store (a NUL character?)'),
      );
    }
    if (isDatabaseUnavailable(error)) {
      request.log.error({ err: error }, 'database unavailable');
      return send(reply, errorBody(request, 503, 'the database is not available; try again shortly'));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: bad JSON, wrong content type, rate limit, …
      return send(reply, errorBody(request, status, error.message));
    }
    request.log.error({ err: error }, 'unexpected error');
    return send(reply, errorBody(request, 500, 'internal error; quote the request id when reporting it'));
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, errorBody(request, 404, `no such endpoint: ${request.method} ${request.url.split('?')[0]}`)),
  );
}
