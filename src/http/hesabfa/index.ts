import { HESABFA_FIELDS } from './fields.js';
import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { DomainError, fail } from '../../domain/errors.js';
import { installErrorHandling } from '../common/surface.js';
import { throttledAuth } from '../common/auth-throttle.js';
import { hesabfaActor } from './auth.js';
import { field, parseHesabfaBody } from './body.js';
import { hesabfaError } from './envelope.js';
import { itemRoutes } from './items.js';
import { settingRoutes } from './settings.js';
import { contactRoutes } from './contacts.js';
import { invoiceRoutes, receiptRoutes } from './invoices.js';

/** The Hesabfa-compatible API under /v1 (hesabfa.md, docs/hesabfa.md): items, settings, contacts, invoices, receipts. Every outcome is HTTP 200. */
export async function hesabfaSurface(app: FastifyInstance): Promise<void> {
  installErrorHandling(app, hesabfaError, HESABFA_FIELDS);
  app.decorateRequest('actor', null);

  // Any content type: clients send JSON as text/plain, form posts, or no type at all.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseHesabfaBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  // Runs before auth, so a flood of bad keys is limited too.
  await app.register(rateLimit, {
    hook: 'preHandler',
    max: app.deps.config.hesabfaRateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => {
      const k = field(req.body, 'apiKey');
      return typeof k === 'string' && k ? `hesabfa:${k}` : `hesabfa-ip:${req.ip}`;
    },
    errorResponseBuilder: () => Object.assign(new DomainError('RATE_LIMITED'), { statusCode: 429 }),
  });

  app.addHook('preHandler', async (req) => {
    if (req.body === undefined || req.body === null) throw fail.with('BODY_EMPTY');
    // Without a loginToken the owner's password is the credential: guessable, so throttled even when right.
    const loginToken = field(req.body, 'loginToken');
    const guessable = !(typeof loginToken === 'string' && loginToken.trim() !== '');
    req.actor = await throttledAuth(req, () => hesabfaActor(req), { guessable });
  });

  await app.register(itemRoutes, { prefix: '/item' });
  // issue 21: a whole shop's sync
  await app.register(settingRoutes, { prefix: '/setting' });
  await app.register(contactRoutes, { prefix: '/contact' });
  await app.register(invoiceRoutes, { prefix: '/invoice' });
  await app.register(receiptRoutes, { prefix: '/receipt' });
}
