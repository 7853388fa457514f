import type { FastifyInstance } from 'fastify';
import { createPartyGroup, deletePartyGroup, getPartyGroup, listPartyGroups, updatePartyGroup, type PartyGroup } from '../../domain/parties/groups.js';
import { actorOf } from '../common/context.js';
import { getOne, IdParams, problems, security, write } from './common.js';

/** /daftar/v1/partyGroups: the one tree of party groups (Siba customer groups, Chortke person types). */
const tags = ['daftar: partyGroups'];
const GroupSchema = {
  type: 'object',
  required: ['id', 'name', 'parentId'],
  properties: { id: { type: 'integer' }, name: { type: 'string' }, parentId: { type: ['integer', 'null'], description: 'null: a root group' } },
} as const;
const example = { id: 7, name: 'مشتریان عمده', parentId: 2 };
const wire = (g: PartyGroup) => ({ id: g.id, name: g.name, parentId: g.parentId });

export async function partyGroupRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;
  app.get(
    '/partyGroups',
    { schema: { tags, security, summary: 'گروه‌های اشخاص', response: { 200: { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: GroupSchema }, nextCursor: { type: ['string', 'null'] } }, examples: [{ items: [example], nextCursor: null }] }, ...problems } } },
    async (req) => ({ items: (await listPartyGroups(db, actorOf(req))).map(wire), nextCursor: null }),
  );
  getOne(app, '/partyGroups', { tags, summary: 'یک گروه اشخاص', schema: GroupSchema, example, entity: 'partyGroup' }, async (req, id) => {
    const g = await getPartyGroup(db, actorOf(req), id);
    return g ? wire(g) : undefined;
  });
  app.post(
    '/partyGroups',
    {
      schema: {
        tags, security, summary: 'تعریف گروه اشخاص',
        body: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', maxLength: 200 }, parentId: { type: ['integer', 'null'], minimum: 1, maximum: 9007199254740991 } }, examples: [{ name: 'مشتریان عمده', parentId: 2 }] },
        response: { 201: { ...GroupSchema, examples: [example] }, ...problems },
      },
    },
    async (req, reply) => {
      const b = req.body as { name: string; parentId?: number | null };
      return write(req, reply, 201, async (tx, actor) => wire(await createPartyGroup(tx, actor, { name: b.name, parentId: b.parentId ?? null })));
    },
  );
  app.patch(
    '/partyGroups/:id',
    {
      schema: {
        tags, security, summary: 'تغییر نام یا جابه‌جایی گروه اشخاص',
        params: IdParams,
        body: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', maxLength: 200 }, parentId: { type: ['integer', 'null'], minimum: 1, maximum: 9007199254740991 } }, examples: [{ name: 'مشتریان ویژه' }] },
        response: { 200: { ...GroupSchema, examples: [example] }, ...problems },
      },
    },
    async (req, reply) => {
      const id = (req.params as { id: number }).id;
      return write(req, reply, 200, async (tx, actor) => wire(await updatePartyGroup(tx, actor, id, req.body as { name?: string; parentId?: number | null })));
    },
  );
  app.delete(
    '/partyGroups/:id',
    { schema: { tags, security, summary: 'حذف گروه بی‌عضو و بی‌زیرگروه (در غیر این صورت 409 IN_USE)', params: IdParams, response: { 204: { type: 'null', description: 'deleted' }, ...problems } } },
    async (req, reply) => write(req, reply, 204, async (tx, actor) => (await deletePartyGroup(tx, actor, (req.params as { id: number }).id), null)),
  );
}
