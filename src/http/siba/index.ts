import { SIBA_FIELDS } from './fields.js';
import type { FastifyInstance } from 'fastify';
import { fail } from '../../domain/errors.js';
import { actorFromBearer, trustedLoopbackActor } from '../common/auth.js';
import { installBearerAuth } from '../common/bearer-surface.js';
import { installErrorHandling } from '../common/surface.js';
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

  await installBearerAuth(app, async (req) => {
    const actor = (await actorFromBearer(req, ['api', 'session', 'hesabfa_login_token'], 'siba')) ?? (await trustedLoopbackActor(req, 'siba'));
    if (!actor) throw fail.with('AUTH_REQUIRED');
    return actor;
  });

  await app.register(userRoutes);
  await app.register(productRoutes);
  await app.register(customerRoutes);
  await app.register(moneyRoutes);
  await app.register(historyRoutes);
  await app.register(factorRoutes);
  await app.register(reportRoutes);
}
