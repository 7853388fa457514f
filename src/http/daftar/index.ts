import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { authenticateSecret } from '../../domain/auth/credentials.js';
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
import { moneyAccountRoutes } from './money-accounts.js';
import { reportRoutes } from './reports.js';
import { auditRoutes } from './audit.js';
import { invoiceRoutes } from './invoices.js';
import { DAFTAR_FIELDS } from './fields.js';
import { partyRoutes } from './parties.js';
import { warehouseRoutes } from './warehouses.js';
// i8
import { moadianRoutes } from './moadian.js';

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
    req.actor = await throttledAuth(req, async () => {
      const token = bearerToken(req);
      const p = token ? await authenticateSecret(req.server.deps.database.db, token, ['session', 'api']) : null;
      if (!p || p.userId === null) {
        throw new DomainError('UNAUTHENTICATED', {
          fa: token === undefined ? 'احراز هویت لازم است: سرآیند Authorization: Bearer <token> را بفرستید' : 'توکن دسترسی نامعتبر، منقضی یا باطل شده است',
          en: token === undefined ? 'Authentication required: send Authorization: Bearer <token>' : 'Invalid, expired or revoked token',
        });
      }
      return { businessId: p.businessId, userId: p.userId, role: p.role, surface: 'daftar' as const };
    });
  });
  await app.register(backupRoutes);
  // h2
  await app.register(productRoutes);
  // h4
  await app.register(async (a) => { await paymentRoutes(a); await moneyAccountRoutes(a); await reportRoutes(a); await auditRoutes(a); });
  // h1
  await app.register(invoiceRoutes);
  // h3
  await app.register(partyRoutes);
  await app.register(warehouseRoutes);
  // i8
  await app.register(moadianRoutes);
}
