import { CHORTKE_FIELDS } from './fields.js';
import type { FastifyInstance } from 'fastify';
import { fail } from '../../domain/errors.js';
import { actorFromBearer } from '../common/auth.js';
import { installBearerAuth } from '../common/bearer-surface.js';
import { installErrorHandling } from '../common/surface.js';
import { chortkeError } from './envelope.js';
import { productRoutes } from './products.js';
import { personRoutes } from './persons.js';
import { categoryRoutes } from './categories.js';

/** The Chortke-compatible API under /v2 (chortke.md): bearer token always required. */
export async function chortkeSurface(app: FastifyInstance): Promise<void> {
  installErrorHandling(app, chortkeError, CHORTKE_FIELDS);
  app.decorateRequest('actor', null);

  await installBearerAuth(app, async (req) => {
    const actor = await actorFromBearer(req, ['chortke'], 'chortke');
    if (!actor) throw fail.with('AUTH_TOKEN_NOT_SENT');
    return actor;
  });

  await app.register(productRoutes);
  await app.register(personRoutes);
  await app.register(categoryRoutes);
}
