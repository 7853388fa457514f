import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Actor, Tx } from '../../domain/context.js';
import { fail, type Entity } from '../../domain/errors.js';
import { partyGroupForRole } from '../../domain/parties/groups.js';
import { deleteParty, getParty, listParties, updateParty } from '../../domain/parties/parties.js';
import { savePartyByCode } from '../../domain/parties/save-by-code.js';
import type { Party } from '../../domain/parties/types.js';
import { actorOf } from '../common/context.js';
import { optionalStrings, readText } from '../common/wire.js';
import { runWrite } from '../common/write.js';
import { renameErrors } from '../common/surface.js';
import { ChortkeBody, PageQuery, flattenBody, pathId, readPage } from './body.js';
import { chortkeError, ok } from './envelope.js';
import { CHORTKE_PERSON_FIELDS } from './fields.js';
import { ROLE_OF_PERSON_TYPE, personFlat, personInput, personMain, personOthers, personTypeError, type PersonWrite } from './person-wire.js';
import { loadUnverified, saveUnverified } from '../../domain/parties/unverified.js';

const TAGS = ['chortke: persons'];
const IdParams = Type.Object({ id: Type.String({ maxLength: 30 }) });
const PERSON: Entity = 'party';

/** The saved person as the client reads it back (with its documentation placeholders). */
async function savedPerson(tx: Tx, actor: Actor, party: Party, w: PersonWrite) {
  await saveUnverified(tx, actor.businessId, party.id, w.unverified);
  const extra = await loadUnverified(tx, actor, [party.id]);
  return personFlat(party, extra.get(party.id));
}

/**
 * Persons (chortke.md; the seed's parameter table): save by accountingCode, list, by id, edit,
 * delete. Every error of these routes names fields as a person does (fields.ts).
 */
export async function personRoutes(app: FastifyInstance): Promise<void> {
  renameErrors(app, chortkeError, CHORTKE_PERSON_FIELDS);
  const db = app.deps.database.db;

  app.get(
    '/persons',
    {
      schema: {
        tags: TAGS,
        summary: 'دریافت لیست اشخاص',
        querystring: Type.Object({ ...PageQuery, ...optionalStrings({ name: 200, code: 50, mobile: 50, personType: 20 }) }),
      },
    },
    async (req) => {
      const q = req.query as Record<string, unknown>;
      const actor = actorOf(req);
      const { offset, limit } = readPage(q);
      const personType = readText(q.personType, 'personType', 20)?.trim().toLowerCase() || undefined;
      const role = personType === undefined ? undefined : ROLE_OF_PERSON_TYPE[personType];
      if (personType !== undefined && !role) throw personTypeError();
      const { total, items } = await listParties(db, actor, {
        name: readText(q.name, 'name', 200)?.trim() || undefined,
        code: readText(q.code, 'code', 50)?.trim() || undefined,
        phone: readText(q.mobile, 'mobile', 50)?.trim() || undefined,
        role,
        offset,
        limit,
      });
      const extra = await loadUnverified(db, actor, items.map((p) => p.id));
      return ok({ person: items.map((p) => personFlat(p, extra.get(p.id))), total });
    },
  );

  app.get('/persons/:id', { schema: { tags: TAGS, summary: 'دریافت شخص از طریق Id', params: IdParams } }, async (req) => {
    const id = pathId((req.params as { id: string }).id, PERSON);
    const actor = actorOf(req);
    const p = await getParty(db, actor, id);
    if (!p) throw fail.notFound(PERSON, 'id', id);
    const extra = await loadUnverified(db, actor, [id]);
    return ok({ main: personMain(p), others: personOthers(p, extra.get(id)) });
  });

  app.post('/persons', { schema: { tags: TAGS, summary: 'ذخیره شخص (بر اساس accountingCode)', body: ChortkeBody } }, async (req, reply) => {
    const w = personInput(flattenBody(req.body));
    const res = await runWrite(req, async (tx, actor) => {
      // An existing accountingCode is an edit (the code stays as stored), else a new person.
      const forCreate = async () => {
        if (!w.input.nickName) throw fail.missing('nickName');
        const role = w.input.roles?.[0];
        if (!role) throw fail.missing('personType');
        const input = { ...w.input };
        if (input.groupId === undefined || input.groupId === null) input.groupId = await partyGroupForRole(tx, actor.businessId, role);
        return input;
      };
      const { party: p, created } = await savePartyByCode(tx, actor, { code: w.input.code || undefined, input: w.input, forCreate });
      return created
        ? { statusCode: 201, body: ok({ person: await savedPerson(tx, actor, p, w) }, 'شخص با موفقیت ذخیره شد') }
        : { statusCode: 200, body: ok({ person: await savedPerson(tx, actor, p, w) }, 'شخص با موفقیت ویرایش شد') };
    });
    return reply.code(res.statusCode).send(res.body);
  });

  app.put('/persons/:id', { schema: { tags: TAGS, summary: 'ویرایش شخص', params: IdParams, body: ChortkeBody } }, async (req, reply) => {
    const id = pathId((req.params as { id: string }).id, PERSON);
    const w = personInput(flattenBody(req.body));
    const res = await runWrite(req, async (tx, actor) => {
      const p = await updateParty(tx, actor, id, w.input);
      return { statusCode: 200, body: ok({ person: await savedPerson(tx, actor, p, w) }, 'شخص با موفقیت ویرایش شد') };
    });
    return reply.code(res.statusCode).send(res.body);
  });

  app.delete('/persons/:id', { schema: { tags: TAGS, summary: 'حذف شخص', params: IdParams } }, async (req, reply) => {
    const id = pathId((req.params as { id: string }).id, PERSON);
    const res = await runWrite(req, async (tx, actor) => {
      await deleteParty(tx, actor, id);
      return { statusCode: 200, body: ok({}, 'شخص با موفقیت حذف گردید') };
    });
    return reply.code(res.statusCode).send(res.body);
  });
}
