import type { FastifyInstance } from 'fastify';
import type { FastifyRequest } from 'fastify';
import { fail } from '../../domain/errors.js';
import type { Actor } from '../../domain/context.js';
import { authenticateSecret } from '../../domain/auth/credentials.js';
import { csrfMatches, csrfTokenOf } from '../../domain/auth/sessions.js';
import { cookieValue, SESSION_COOKIE, sessionRoutes } from './session.js';
import { accessRoutes } from './access.js';
import { statementRoutes } from './statement.js';
import { ledgerRoutes } from './ledger.js';
import { partyGroupRoutes } from './party-groups.js';
import { bearerToken } from '../common/auth.js';
import { throttledAuth } from '../common/auth-throttle.js';
import { installErrorHandling } from '../common/surface.js';
import { installJsonParser } from '../common/json.js';
import { daftarProblem } from './problem.js';
import { backupRoutes } from './backups.js';
// h2
import { productRoutes } from './products.js';
// h4
import { paymentRoutes } from './payments.js';
import { chequeRoutes } from './cheques.js';
import { moneyReportRoutes } from './money-reports.js';
import { fiscalYearRoutes } from './fiscal-years.js';
import { moneyAccountRoutes } from './money-accounts.js';
import { reportRoutes } from './reports.js';
import { auditRoutes } from './audit.js';
import { webhookRoutes } from './webhooks.js';
import { invoiceRoutes } from './invoices.js';
import { DAFTAR_FIELDS } from './fields.js';
import { partyRoutes } from './parties.js';
import { warehouseRoutes } from './warehouses.js';
// i8
import { moadianRoutes } from './moadian.js';
import { printRoutes } from './print.js';
import { importRoutes } from './imports.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** How a /daftar/v1 request was authenticated, and (cookie sessions) the CSRF token it must echo. */
    authKind?: 'bearer' | 'session';
    csrfToken?: string;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A bearer token (programs) or the session cookie (the console). A cookie-authenticated write
 * must echo the session's CSRF token in X-CSRF-Token: a cross-site form can make the browser
 * send the cookie (SameSite=Strict already stops most) but cannot read the token.
 */
async function authenticate(req: FastifyRequest): Promise<Actor> {
  const db = req.server.deps.database.db;
  const token = bearerToken(req);
  if (token !== undefined) {
    const p = token ? await authenticateSecret(db, token, ['session', 'api']) : null;
    if (!p || p.userId === null) throw fail.with('AUTH_TOKEN_INVALID');
    req.authKind = 'bearer';
    return { businessId: p.businessId, userId: p.userId, role: p.role, surface: 'daftar' };
  }
  const secret = cookieValue(req, SESSION_COOKIE);
  if (secret === undefined) throw fail.with('SESSION_OR_TOKEN_REQUIRED');
  const p = secret ? await authenticateSecret(db, secret, ['session']) : null;
  if (!p || p.userId === null) throw fail.with('SESSION_INVALID');
  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.headers['x-csrf-token'];
    if (!csrfMatches(secret, Array.isArray(sent) ? sent[0] : sent)) throw fail.with('CSRF_MISSING', { field: 'X-CSRF-Token' });
  }
  req.authKind = 'session';
  req.csrfToken = csrfTokenOf(secret);
  return { businessId: p.businessId, userId: p.userId, role: p.role, surface: 'daftar' };
}

/**
 * Daftar's own API under /daftar/v1 (daftar-api.md): the domain's words, RFC 9457 problems.
 * Every call needs a user's credential — a session token from the login or a user's API token;
 * there is no loopback trust here. Roles are checked by the domain functions.
 */
export async function daftarSurface(app: FastifyInstance): Promise<void> {
  installJsonParser(app);
  installErrorHandling(app, daftarProblem, DAFTAR_FIELDS);
  app.decorateRequest('actor', null);
  app.addHook('onSend', async (_req, reply, payload) => {
    if (reply.statusCode >= 400) reply.type('application/problem+json; charset=utf-8');
    return payload;
  });
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config?.public) return;
    req.actor = await throttledAuth(req, () => authenticate(req));
  });
  for (const routes of [sessionRoutes, accessRoutes, statementRoutes, ledgerRoutes, partyGroupRoutes]) await app.register(routes);
  await app.register(backupRoutes);
  // h2
  await app.register(productRoutes);
  // h4
  await app.register(async (a) => { await paymentRoutes(a); await moneyAccountRoutes(a); await reportRoutes(a); await auditRoutes(a); await webhookRoutes(a); });
  await app.register(chequeRoutes);
  await app.register(moneyReportRoutes);
  await app.register(fiscalYearRoutes);
  // h1
  await app.register(invoiceRoutes);
  // h3
  await app.register(partyRoutes);
  await app.register(warehouseRoutes);
  // i8
  await app.register(moadianRoutes);
  await app.register(printRoutes);
  // issue 24
  await app.register(importRoutes);
}
