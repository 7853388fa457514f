import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Actor } from '../../domain/context.js';
import { DomainError } from '../../domain/errors.js';
import { bearerToken } from './auth.js';
import { throttledAuth } from './auth-throttle.js';

/**
 * The front door of a bearer-token surface (Siba, Chortke): requests limited per token (or per
 * address without one), then every request not marked `public` resolved to an actor under the
 * failed-authentication throttle. `resolve` returns the actor or throws UNAUTHENTICATED.
 */
export async function installBearerAuth(app: FastifyInstance, resolve: (req: FastifyRequest) => Promise<Actor>): Promise<void> {
  await app.register(rateLimit, {
    max: app.deps.config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => bearerToken(req) || req.ip,
    errorResponseBuilder: () => Object.assign(new DomainError('RATE_LIMITED'), { statusCode: 429 }),
  });
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config?.public) return;
    req.actor = await throttledAuth(req, () => resolve(req));
  });
}
