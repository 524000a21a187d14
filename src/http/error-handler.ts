import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/errors.ts';
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
