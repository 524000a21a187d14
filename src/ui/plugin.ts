import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { rules } from '../access/index.ts';
import { uiContentSecurityPolicy } from '../http/index.ts';

/** Where the officials' UI is served (SPEC §13); its client routes live below it. */
export const UI_PREFIX = '/henkilo-ui';
export const DEFAULT_UI_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
const NONCE_PLACEHOLDER = '__CSP_NONCE__';

const NOT_BUILT =
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>UI not built</title>' +
  '<p>The officials\u2019 UI has not been built. Run <code>npm start</code> (it builds the UI when needed) ' +
  'or <code>npm run build:web</code>.</p></html>';

/**
 * Serves the built single-page app (web/dist): hashed assets with long caching, and index.html for
 * every client route (SPA fallback), each time with a fresh CSP nonce for Mantine's <style>
 * elements. Every route is public: the page and its scripts carry no personal data, and the API
 * behind them checks the session on every call.
 */
export function uiRoutes(options: { distDir?: string } = {}) {
  const dist = options.distDir ?? DEFAULT_UI_DIST;
  const indexFile = join(dist, 'index.html');
  let cached: { mtimeMs: number; html: string } | undefined;

  // Re-read when the file changes (a rebuild while the server runs, e.g. in development).
  function template(): string | undefined {
    if (!existsSync(indexFile)) return undefined;
    const { mtimeMs } = statSync(indexFile);
    if (!cached || cached.mtimeMs !== mtimeMs) cached = { mtimeMs, html: readFileSync(indexFile, 'utf8') };
    return cached.html;
  }

  function sendIndex(reply: FastifyReply) {
    const html = template();
    if (html === undefined) return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    // A nonce per page load: only <style> elements carrying it (Mantine's) and our own stylesheet
    // files apply; an injected style or any inline script does not.
    const nonce = randomBytes(18).toString('base64');
    return reply
      .header('content-security-policy', uiContentSecurityPolicy(nonce))
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(html.replaceAll(NONCE_PLACEHOLDER, nonce));
  }

  return async (app: FastifyInstance) => {
    // Only reply.sendFile (path traversal and content types handled there); the routes are ours,
    // so that each has its access rule like every other route.
    await app.register(fastifyStatic, { root: dist, serve: false });
    const route = { config: { access: rules.public }, schema: { hide: true } } as const;

    app.get(UI_PREFIX, route, async (_request, reply) => reply.redirect(`${UI_PREFIX}/`));
    app.get(`${UI_PREFIX}/`, route, async (_request, reply) => sendIndex(reply));
    app.get<{ Params: { '*': string } }>(`${UI_PREFIX}/*`, route, async (request, reply) => {
      const path = request.params['*'];
      if (path.startsWith('assets/')) {
        // Names carry a content hash (Vite), so a file never changes under its name.
        if (!existsSync(dist)) return reply.status(404).send({ status: 404, error: 'Not Found' });
        return reply.sendFile(path, dist, { maxAge: 365 * 24 * 3600 * 1000, immutable: true });
      }
      // Anything else is a client route of the single-page app (/henkilo-ui/henkilo/1.2.246…).
      return sendIndex(reply);
    });
  };
}
