import { CHORTKE_FIELDS } from './fields.js';
import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { DomainError, fail } from '../../domain/errors.js';
import { actorFromBearer, bearerToken } from '../common/auth.js';
import { installErrorHandling } from '../common/surface.js';
import { throttledAuth } from '../common/auth-throttle.js';
import { chortkeError } from './envelope.js';
import { productRoutes } from './products.js';
import { personRoutes } from './persons.js';
import { categoryRoutes } from './categories.js';

/** The Chortke-compatible API under /v2 (chortke.md): bearer token always required. */
export async function chortkeSurface(app: FastifyInstance): Promise<void> {
  installErrorHandling(app, chortkeError, CHORTKE_FIELDS);
  app.decorateRequest('actor', null);

  await app.register(rateLimit, {
    max: app.deps.config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => bearerToken(req) || req.ip,
    errorResponseBuilder: () => Object.assign(new DomainError('RATE_LIMITED'), { statusCode: 429 }),
  });

  app.addHook('onRequest', async (req) => {
    req.actor = await throttledAuth(req, async () => {
      const actor = await actorFromBearer(req, ['chortke'], 'chortke');
      if (!actor) {
        throw fail.with('AUTH_TOKEN_NOT_SENT');
      }
      return actor;
    });
  });

  await app.register(productRoutes);
  await app.register(personRoutes);
  await app.register(categoryRoutes);
}
