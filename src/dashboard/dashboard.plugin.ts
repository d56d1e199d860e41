/**
 * Serves the single-page dashboard (built by Vite into `web/dist`) at `/`.
 *
 * Files under `/assets/` are content-hashed by Vite, so they are cached for a year; `index.html` is
 * never cached so a new build is picked up on the next load. Any other GET that is not an API path
 * and asks for HTML gets `index.html` (client-side routes such as `/sign-in?token=…` or
 * `/emails/eml_…`). API paths keep their own JSON 404s. When the dashboard has not been built the
 * page says how to build it instead of a bare 404.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` writes the dashboard. */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

const API_PREFIXES = ['/v1/', '/api/', '/metrics'];
const YEAR_SECONDS = 365 * 24 * 3600;

/** The API surfaces answer their own 404s; the dashboard takes every other HTML navigation. */
function isDashboardNavigation(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const url = request.url.split('?')[0] ?? '/';
  if (url === '/v1' || API_PREFIXES.some((prefix) => url.startsWith(prefix))) return false;
  if (url.startsWith('/assets/')) return false;
  return (request.headers.accept ?? '*/*').includes('text/html') || !path.extname(url);
}

/**
 * The page may run only its own scripts and talk only to this server: an injected script (if one ever
 * slipped through React's escaping) could not load code, send the session anywhere else, or be framed
 * by another site. Inline style attributes stay allowed (React's `style={…}`).
 */
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
} as const;

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mailwarden</title></head>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto;line-height:1.5">
<h1>Mailwarden</h1><p>The API is running (Threat API at <a href="/v1/swagger">/v1</a>, Deliverability API at /api/v1),
but the dashboard has not been built on this machine.</p><p>Build it with <code>npm run build:web</code>
(or start the server with <code>npm start</code>, which builds it when needed), then reload this page.</p></body></html>`;

export async function registerDashboard(app: FastifyInstance, dir: string = DEFAULT_DASHBOARD_DIR): Promise<void> {
  const indexFile = path.join(dir, 'index.html');
  const built = fs.existsSync(indexFile);
  if (built) {
    await app.register(fastifyStatic, {
      root: dir,
      // One route per built file (hashed assets, favicon), found at start: nothing else is served.
      wildcard: false,
      index: false,
      setHeaders(reply, filePath) {
        if (filePath.includes(`${path.sep}assets${path.sep}`)) reply.header('Cache-Control', `public, max-age=${YEAR_SECONDS}, immutable`);
        else reply.header('Cache-Control', 'no-cache');
      },
    });
  }
  const sendIndex = (reply: FastifyReply) => {
    reply.headers(PAGE_HEADERS);
    if (!built) return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    return reply.sendFile('index.html');
  };
  app.get('/', { config: { public: true }, schema: { hide: true } }, (_request, reply) => sendIndex(reply));
  app.setNotFoundHandler((request, reply) => {
    if (isDashboardNavigation(request)) return sendIndex(reply);
    return reply.code(404).type('application/json; charset=utf-8').send({ error: `No route ${request.method} ${request.url.split('?')[0]}. The APIs are under /v1 and /api/v1; documentation at /v1/swagger.` });
  });
}
