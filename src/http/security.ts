import type { IncomingMessage, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The API and the UI load nothing from elsewhere, run no inline script and may not be framed
 * (clickjacking): the strictest policy that a built single-page app still runs under.
 */
const STRICT_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The officials' UI (src/ui/plugin.ts): as strict as the API, except that a <style> element may
 * apply when it carries this page load's nonce. The component library (Mantine) writes its theme's
 * CSS variables and responsive style props into <style> elements at run time and gives them the
 * nonce; everything else comes from our own stylesheet files. Scripts stay 'self' only — no inline
 * script, no eval — so an injected <script> or event handler attribute never runs. We chose a
 * nonce over 'unsafe-inline' for styles because inline styles are a data-exfiltration channel (CSS
 * selectors on attribute values) that a nonce closes; the nonce is fresh for every page load.
 * (Style properties that React sets through the CSSOM are not governed by CSP at all.)
 */
export function uiContentSecurityPolicy(nonce: string): string {
  const directives: Record<string, string[]> = {
    ...STRICT_CSP,
    styleSrc: ["'self'", `'nonce-${nonce}'`],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(' ')}`)
    .join('; ');
}

/**
 * The interactive API documentation (swagger-ui) sets inline styles and scripts of its own; it
 * gets a looser policy, and only under its own prefix, so the looseness never reaches the UI.
 */
const DOCS_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/**
 * The headers helmet sets for these options, computed once. (@fastify/helmet builds helmet's
 * middleware anew on every request — a measurable share of a single lookup's CPU time — and our
 * policies are static, so the headers are too.)
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader() {},
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, () => {});
  return headers;
}

/** Security headers (helmet), cookies, and no caching of answers that may carry personal data. */
export async function registerSecurity(
  app: FastifyInstance,
  options: { https: boolean; docsPrefix: string },
): Promise<void> {
  const headers = helmetHeaders({
    // HSTS only when the registry is served over https; over plain http it would mean nothing.
    strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    contentSecurityPolicy: {
      directives: {
        ...STRICT_CSP,
        // Upgrading to https would break a registry served over plain http (local and test use).
        upgradeInsecureRequests: options.https ? [] : null,
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
  // Person data must not linger in browser or proxy caches (shared computers, proxies).
  const apiHeaders = { ...headers, 'cache-control': 'no-store' };
  const docsHeaders = { ...headers, 'content-security-policy': DOCS_CSP };
  await app.register(cookie);
  // Set before the handler runs, so that a route with its own policy (the UI's page, whose CSP
  // carries a nonce) or its own caching replaces them.
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(request.url.startsWith(options.docsPrefix) ? docsHeaders : apiHeaders);
  });
}

/**
 * Body limit of the endpoints that take a few fields (login, grants, organisations, single
 * lookups): a megabyte-sized body there is an attack, not a request. Mass imports have the
 * large global limit.
 */
export const SMALL_BODY_LIMIT = 16 * 1024;
