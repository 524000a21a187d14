import { API_BASE, ENDPOINTS, type EndpointName, fillPath } from './paths.ts';
import type { ErrorBody, FieldError } from './types.ts';

/** An answer other than 2xx, with the server's error body when it sent one (SPEC §7). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.message ?? `HTTP ${status}`);
  }

  get fieldErrors(): FieldError[] {
    return this.body?.fieldErrors ?? [];
  }
}

let csrfToken: string | undefined;
let onUnauthorized: (() => void) | undefined;

/** The session's CSRF token (from login or GET /me); sent as X-CSRF-Token on every write. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when the server answers 401: the session ended (idle, expired, logged out elsewhere). */
export function setUnauthorizedHandler(handler: (() => void) | undefined): void {
  onUnauthorized = handler;
}

export interface CallOptions {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Do not run the 401 handler (the login call itself, the first GET /me). */
  quiet401?: boolean;
}

export function urlOf(name: EndpointName, options: Pick<CallOptions, 'params' | 'query'> = {}): string {
  const endpoint = ENDPOINTS[name];
  let url = API_BASE + fillPath(endpoint.path, options.params);
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  if ([...query].length > 0) url += `?${query}`;
  return url;
}

/** Calls an endpoint of paths.ts; resolves to the JSON body, or null for 204. */
export async function call<T>(
  name: EndpointName,
  options: CallOptions = {},
): Promise<{ status: number; data: T }> {
  const endpoint = ENDPOINTS[name];
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (endpoint.method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(urlOf(name, options), {
    method: endpoint.method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    // A few endpoints answer plain text, as the reference does (POST /henkilo: the bare OID).
    if (response.headers.get('content-type')?.startsWith('text/plain')) data = text;
    else {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !options.quiet401) onUnauthorized?.();
    throw new ApiError(response.status, (data as ErrorBody | null) ?? null);
  }
  return { status: response.status, data: data as T };
}

/** The body only. */
export async function get<T>(name: EndpointName, options: CallOptions = {}): Promise<T> {
  return (await call<T>(name, options)).data;
}
