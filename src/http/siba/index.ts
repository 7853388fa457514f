import { SIBA_FIELDS } from './fields.js';
import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { DomainError, fail } from '../../domain/errors.js';
import { actorFromBearer, bearerToken, trustedLoopbackActor } from '../common/auth.js';
import { installErrorHandling } from '../common/surface.js';
import { throttledAuth } from '../common/auth-throttle.js';
import { sibaError } from './envelope.js';
import { userRoutes } from './users.js';
import { productRoutes } from './products.js';
import { customerRoutes } from './customers.js';
import { moneyRoutes } from './money.js';
import { historyRoutes } from './history.js';
import { factorRoutes } from './factors.js';
import { reportRoutes } from './reports.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Route answers without authentication (login). */
    public?: boolean;
  }
}

/** The Siba-compatible surface under /api (siba.md). */
export async function sibaSurface(app: FastifyInstance): Promise<void> {
  installErrorHandling(app, sibaError, SIBA_FIELDS);
  app.decorateRequest('actor', null);

  await app.register(rateLimit, {
    max: app.deps.config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => bearerToken(req) || req.ip,
    errorResponseBuilder: () => Object.assign(new DomainError('RATE_LIMITED'), { statusCode: 429 }),
  });

  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config?.public) return;
    req.actor = await throttledAuth(req, async () => {
      const actor = (await actorFromBearer(req, ['api', 'session', 'hesabfa_login_token'], 'siba')) ?? (await trustedLoopbackActor(req, 'siba'));
      if (!actor) {
        throw fail.with('AUTH_REQUIRED');
      }
      return actor;
    });
  });

  await app.register(userRoutes);
  await app.register(productRoutes);
  await app.register(customerRoutes);
  await app.register(moneyRoutes);
  await app.register(historyRoutes);
  await app.register(factorRoutes);
  await app.register(reportRoutes);
}
