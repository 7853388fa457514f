import type { FastifyInstance } from 'fastify';
import { fail } from '../../domain/errors.js';
import { createPartyGroup, deletePartyGroup, getPartyGroup, listPartyGroups, updatePartyGroup, type PartyGroup } from '../../domain/parties/groups.js';
import { actorOf } from '../common/context.js';
import { IdParams, problems, write } from './common.js';

/**
 * /daftar/v1/partyGroups: the one tree of party groups (Siba's customer groups, Chortke's person
 * types). Everyone who reads parties lists them; admin and accountant create, rename, move and
 * delete. A group with subgroups or parties in it is not deleted (409 IN_USE naming it).
 */

const security = [{ bearer: [] as string[] }]; // the session scheme joins when H5 declares it (common.ts lists it already)
const tags = ['daftar: partyGroups'];

const GroupSchema = {
  type: 'object',
  required: ['id', 'name', 'parentId'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    parentId: { type: ['integer', 'null'], description: 'null: a root group' },
  },
} as const;
const example = { id: 7, name: 'مشتریان عمده', parentId: 2 };
const one = { ...GroupSchema, examples: [example] };

const ParentId = { type: ['integer', 'null'], minimum: 1, maximum: 9007199254740991, description: 'null or absent: a root group' } as const;

const wire = (g: PartyGroup) => ({ id: g.id, name: g.name, parentId: g.parentId });

export async function partyGroupRoutes(app: FastifyInstance): Promise<void> {
  const { database } = app.deps;
  app.get(
    '/partyGroups',
    {
      schema: {
        tags, security, summary: 'فهرست گروه‌های اشخاص (همه، به ترتیب شناسه)',
        response: { 200: { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: GroupSchema }, nextCursor: { type: ['string', 'null'] } }, examples: [{ items: [example], nextCursor: null }] }, ...problems },
      },
    },
    async (req) => ({ items: (await listPartyGroups(database.db, actorOf(req))).map(wire), nextCursor: null }),
  );
  app.get(
    '/partyGroups/:id',
    { schema: { tags, security, summary: 'یک گروه اشخاص', params: IdParams, response: { 200: one, ...problems } } },
    async (req) => {
      const { id } = req.params as { id: number };
      const g = await getPartyGroup(database.db, actorOf(req), id);
      if (!g) throw fail.notFound('partyGroup', 'id', id);
      return wire(g);
    },
  );
  app.post(
    '/partyGroups',
    {
      schema: {
        tags, security, summary: 'تعریف گروه اشخاص (حسابدار، مدیر)',
        body: {
          type: 'object', additionalProperties: false, required: ['name'],
          properties: { name: { type: 'string', maxLength: 200 }, parentId: ParentId },
          examples: [{ name: 'مشتریان عمده', parentId: 2 }],
        },
        response: { 201: one, ...problems },
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
        tags, security, summary: 'تغییر نام یا جابه‌جایی گروه اشخاص (حسابدار، مدیر)', params: IdParams,
        body: {
          type: 'object', additionalProperties: false,
          properties: { name: { type: 'string', maxLength: 200 }, parentId: ParentId },
          examples: [{ name: 'مشتریان ویژه' }, { parentId: null }],
        },
        response: { 200: one, ...problems },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: number };
      const b = req.body as { name?: string; parentId?: number | null };
      return write(req, reply, 200, async (tx, actor) => wire(await updatePartyGroup(tx, actor, id, b)));
    },
  );
  app.delete(
    '/partyGroups/:id',
    {
      schema: {
        tags, security, summary: 'حذف گروه اشخاص خالی (دارای زیرگروه یا شخص: 409 IN_USE)', params: IdParams,
        response: { 204: { type: 'null', description: 'deleted' }, ...problems },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: number };
      return write(req, reply, 204, async (tx, actor) => (await deletePartyGroup(tx, actor, id), null));
    },
  );
}
