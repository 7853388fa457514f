import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { listHistory } from '../../domain/audit/history.js';
import { actorOf } from '../common/context.js';
import { PagingQuery, QueryText, readId, readInt } from '../common/wire.js';
import { ok } from './envelope.js';

/** History (siba.md): the audit trail, newest first. */
export async function historyRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/history',
    {
      schema: {
        tags: ['siba: history'],
        summary: 'تاریخچه عملیات (?userId=&offset=&limit=)',
        querystring: Type.Object({ userId: QueryText(20), entity: QueryText(50), entityId: QueryText(50), ...PagingQuery }),
      },
    },
    async (req) => {
      const q = req.query as Record<string, string | undefined>;
      const r = await listHistory(app.deps.database.db, actorOf(req), {
        userId: readId(q.userId, 'userId'),
        entity: q.entity?.trim() || undefined,
        entityId: q.entityId?.trim() || undefined,
        offset: readInt(q.offset, 'offset'),
        limit: readInt(q.limit, 'limit'),
      });
      return ok('history', r.items);
    },
  );
}
