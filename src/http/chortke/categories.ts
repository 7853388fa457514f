import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { listProductGroups } from '../../domain/catalog/groups.js';
import { fail } from '../../domain/errors.js';
import { listPartyGroups } from '../../domain/parties/groups.js';
import { actorOf } from '../common/context.js';
import { ok } from './envelope.js';
import { toTree } from './tree.js';

/** Person types and categories (chortke.md): the party-group and product-group trees. */
export async function categoryRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;

  app.get('/personTypes', { schema: { tags: ['chortke: persons'], summary: 'درخت انواع اشخاص' } }, async (req) => {
    return ok({ personTypes: toTree(await listPartyGroups(db, actorOf(req))) });
  });

  app.get(
    '/categories',
    {
      schema: {
        tags: ['chortke: categories'],
        summary: 'دسته‌بندی‌ها (type=products|persons)',
        querystring: Type.Object({ type: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (req) => {
      const type = ((req.query as { type?: string }).type ?? '').trim().toLowerCase() || 'products';
      const actor = actorOf(req);
      if (type === 'products' || type === 'product') return ok({ categories: toTree(await listProductGroups(db, actor)) });
      if (type === 'persons' || type === 'person') return ok({ categories: toTree(await listPartyGroups(db, actor)) });
      throw fail.with('PRODUCT_CATEGORY_TYPE', { field: 'type', products: 'products', persons: 'persons' });
    },
  );
}
