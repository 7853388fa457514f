import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The owner's console (issue 20): `/` redirects to `/app/`; `/app/assets/*` are the hashed files
 * built by `npm run build:console` (cached for a year); every other `/app/*` path is the
 * single-page app's index.html (never cached), so a reload of any page works. The console talks
 * to /daftar/v1 only (session cookie + CSRF header).
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CONSOLE_DIR = path.join(root, 'dist', 'console');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

// The console loads only its own files: no inline script, no third-party origin.
const CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

function sendIndex(reply: FastifyReply) {
  const file = path.join(CONSOLE_DIR, 'index.html');
  reply.header('cache-control', 'no-cache').header('content-security-policy', CSP).header('referrer-policy', 'same-origin');
  if (!fs.existsSync(file)) {
    return reply
      .code(503)
      .type('text/html; charset=utf-8')
      .send('<!doctype html><html lang="fa" dir="rtl"><meta charset="utf-8"><title>دفتر</title><p>کنسول ساخته نشده است: <code>npm run build:console</code> را اجرا کنید.</p></html>');
  }
  return reply.type('text/html; charset=utf-8').send(fs.readFileSync(file));
}

export async function consoleRoutes(app: FastifyInstance): Promise<void> {
  const hide = { schema: { hide: true } };
  app.get('/', hide, async (_req, reply) => reply.redirect('/app/', 302));
  app.get('/favicon.ico', hide, async (_req, reply) => reply.redirect('/app/assets/icon.svg', 301));
  app.get('/app', hide, async (_req, reply) => sendIndex(reply));
  app.get('/app/assets/:file', hide, async (req, reply) => {
    const name = (req.params as { file: string }).file;
    const file = path.join(CONSOLE_DIR, 'assets', path.basename(name));
    const type = TYPES[path.extname(file)];
    if (!type || name !== path.basename(name) || !fs.existsSync(file)) return reply.code(404).type('text/plain; charset=utf-8').send('not found');
    return reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').send(fs.readFileSync(file));
  });
  // Stable names for the printed pages (src/domain/printing/html.ts): Vazirmatn as npm ships it.
  const fontFile = /^vazirmatn-(arabic|latin|latin-ext)-(400|700)-normal\.woff2?$/;
  const fonts = createRequire(import.meta.url);
  app.get('/app/fonts/:file', hide, async (req, reply) => {
    const name = (req.params as { file: string }).file;
    if (!fontFile.test(name)) return reply.code(404).type('text/plain; charset=utf-8').send('not found');
    const file = fonts.resolve(`@fontsource/vazirmatn/files/${name}`);
    return reply.type(TYPES[path.extname(name)]!).header('cache-control', 'public, max-age=31536000, immutable').send(fs.readFileSync(file));
  });
  app.get('/app/*', hide, async (_req, reply) => sendIndex(reply));
}
