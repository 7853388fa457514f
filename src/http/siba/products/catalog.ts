import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { fail, type Entity } from '../../../domain/errors.js';
import { createProductGroup, deleteProductGroup, listProductGroups, updateProductGroup, type ProductGroup } from '../../../domain/catalog/groups.js';
import { createUnit, deleteUnit, listUnits, updateUnit, type Unit } from '../../../domain/catalog/units.js';
import { addBarcode, deleteBarcode, listBarcodes, type Barcode } from '../../../domain/catalog/barcodes.js';
import { createWarehouse, deleteWarehouse, listWarehouses, updateWarehouse, warehouseIdByCode, type Warehouse } from '../../../domain/stock/warehouses.js';
import { toAsciiDigits } from '../../../domain/shared/text.js';
import { actorOf } from '../../common/context.js';
import { BoolLike, NumLike, Text, readBool, readId, readText } from '../../common/wire.js';
import { runWrite, type WriteResult } from '../../common/write.js';
import type { Actor, Tx } from '../../../domain/context.js';
import { ok } from '../envelope.js';
import { readPage, readRef } from './wire.js';

const tags = ['siba: products'];
/** A DELETE route's schema: the record by `id` or by its own name (`name`). */
const deleteSchema = (summary: string, idLabel: string, name: string) => ({ schema: { tags, summary, querystring: Type.Object({ id: Q(idLabel), [name]: Q('هم‌نام id') }) } });
/** A write route's schema: its summary and body. */
const bodyRoute = (summary: string, body: TSchema) => ({ schema: { tags, summary, body } });
const Q = (description?: string) => Type.Optional(Type.String({ maxLength: 200, description }));

const groupWire = (g: ProductGroup) => ({ groupId: g.id, groupName: g.name, parentId: g.parentId ?? 0 });
const unitWire = (u: Unit) => ({ unitId: u.id, unitName: u.name });
const barcodeWire = (b: Barcode) => ({ barcodeId: b.id, productId: b.productId, barcode: b.barcode });
const warehouseWire = (w: Warehouse) => ({ warehouseCode: w.code, warehouseName: w.name, isDefault: w.isDefault, active: w.active });

function body(req: FastifyRequest): Record<string, unknown> {
  return (req.body ?? {}) as Record<string, unknown>;
}

/** An id that must name a record: absent → missing (400); 0 → not found (404). */
function requiredId(v: unknown, field: string, entity: Entity): number {
  const id = readId(v, field);
  if (id === undefined) throw fail.missing(field);
  if (id === 0) throw fail.notFound(entity, field, 0);
  return id;
}

/**
 * A write route: `fn` reads the body's fields (in order: the first bad one is named) and writes,
 * in one transaction; the reply is Siba's envelope under `entity`.
 */
function writeRoute(entity: string, fn: (b: Record<string, unknown>, tx: Tx, actor: Actor) => Promise<unknown>) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const b = body(req);
    const r = await runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok(entity, await fn(b, tx, actor)) }));
    return reply.code(r.statusCode).send(r.body);
  };
}

/**
 * DELETE naming the record by `id` or by its own name (`groupId`, `unitId`, `barcodeId`), in the
 * query or the body as the document sends either; the refusal names the parameter the id came from.
 */
function deleteRoute(entity: Entity, name: string, envelope: string, remove: (tx: Tx, actor: Actor, id: number) => Promise<void>) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const q = req.query as Record<string, unknown>;
    const b = body(req);
    const source = ([[q, 'id'], [q, name], [b, 'id'], [b, name]] as const).find(([o, k]) => o[k] !== undefined);
    const id = requiredId(source ? source[0][source[1]] : undefined, source?.[1] ?? 'id', entity);
    const r = await runWrite(req, async (tx, actor) => (await remove(tx, actor, id), { statusCode: 200, body: ok(envelope, { [name]: id }) }));
    return reply.code(r.statusCode).send(r.body);
  };
}

async function write(req: FastifyRequest, fn: (tx: Tx, actor: Actor) => Promise<unknown>, entity: string): Promise<WriteResult> {
  return runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok(entity, await fn(tx, actor)) }));
}

/** Groups, units, barcodes and warehouses (siba.md). */
export async function catalogRoutes(app: FastifyInstance): Promise<void> {
  const db = () => app.deps.database.db;
  const send = async (reply: { code(n: number): { send(b: unknown): unknown } }, r: Promise<WriteResult>) => {
    const res = await r;
    return reply.code(res.statusCode).send(res.body);
  };

  // ---- groups
  app.get('/products/group', { schema: { tags, summary: 'دریافت لیست گروه‌های کالا' } }, async (req) =>
    ok('group', (await listProductGroups(db(), actorOf(req))).map(groupWire)),
  );
  app.post(
    '/products/group',
    { schema: { tags, summary: 'ایجاد گروه کالا', body: Type.Object({ groupName: Text(200), parentId: Type.Optional(NumLike()) }) } },
    writeRoute('group', async (b, tx, actor) =>
      groupWire(await createProductGroup(tx, actor, { name: readText(b.groupName, 'groupName', 200), parentId: readRef(b.parentId, 'parentId') ?? null })),
    ),
  );
  app.put(
    '/products/group',
    bodyRoute('ویرایش گروه کالا', Type.Object({ groupId: NumLike(), groupName: Type.Optional(Text(200)), parentId: Type.Optional(NumLike()) })),
    writeRoute('group', async (b, tx, actor) => {
      const id = requiredId(b.groupId, 'groupId', 'productGroup');
      return groupWire(await updateProductGroup(tx, actor, id, { name: readText(b.groupName, 'groupName', 200), parentId: readRef(b.parentId, 'parentId') }));
    }),
  );
  app.delete('/products/group', deleteSchema('حذف گروه کالا', 'شناسه گروه', 'groupId'), deleteRoute('productGroup', 'groupId', 'group', deleteProductGroup));

  // ---- units
  app.get('/products/unit', { schema: { tags, summary: 'دریافت لیست واحدها' } }, async (req) =>
    ok('unit', (await listUnits(db(), actorOf(req))).map(unitWire)),
  );
  app.post('/products/unit', { schema: { tags, summary: 'ایجاد واحد', body: Type.Object({ unitName: Text(200) }) } }, async (req, reply) => {
    const name = readText(body(req).unitName, 'unitName', 200);
    return send(reply, write(req, async (tx, actor) => unitWire(await createUnit(tx, actor, { name })), 'unit'));
  });
  app.put(
    '/products/unit',
    { schema: { tags, summary: 'ویرایش واحد', body: Type.Object({ unitId: NumLike(), unitName: Text(200) }) } },
    writeRoute('unit', async (b, tx, actor) => {
      const id = requiredId(b.unitId, 'unitId', 'unit');
      const name = readText(b.unitName, 'unitName', 200);
      if (name === undefined) throw fail.missing('unitName');
      return unitWire(await updateUnit(tx, actor, id, { name }));
    }),
  );
  app.delete('/products/unit', deleteSchema('حذف واحد', 'شناسه واحد', 'unitId'), deleteRoute('unit', 'unitId', 'unit', deleteUnit));

  // ---- barcodes
  app.get(
    '/products/barcode',
    {
      schema: {
        tags,
        summary: 'دریافت لیست بارکدها',
        querystring: Type.Object({ productId: Q('افزوده'), barcode: Q('افزوده'), offset: Q('افزوده'), limit: Q('افزوده') }),
      },
    },
    async (req) => {
      const q = req.query as Record<string, unknown>;
      const items = await listBarcodes(db(), actorOf(req), {
        productId: readId(q.productId, 'productId'),
        barcode: readText(q.barcode, 'barcode', 100),
        ...readPage(q, app.deps.config.maxPageSize),
      });
      return ok('barcode', items.map(barcodeWire));
    },
  );
  app.post(
    '/products/barcode',
    bodyRoute('ایجاد بارکد', Type.Object({ productId: NumLike(), barcode: Type.Union([Type.String({ maxLength: 100 }), Type.Number(), Type.Null()]) })),
    writeRoute('barcode', async (b, tx, actor) => {
      const productId = requiredId(b.productId, 'productId', 'product');
      const raw = readText(b.barcode, 'barcode', 100);
      if (raw === undefined || raw.trim() === '') throw fail.missing('barcode');
      const barcode = toAsciiDigits(raw.trim());
      return barcodeWire(await addBarcode(tx, actor, { productId, barcode }));
    }),
  );
  app.delete('/products/barcode', deleteSchema('حذف بارکد', 'شناسه بارکد', 'barcodeId'), deleteRoute('barcode', 'barcodeId', 'barcode', deleteBarcode));

  // ---- warehouses
  app.get('/products/warehouse', { schema: { tags, summary: 'دریافت لیست انبارها' } }, async (req) =>
    ok('warehouse', (await listWarehouses(db(), actorOf(req))).map(warehouseWire)),
  );
  app.post(
    '/products/warehouse',
    bodyRoute('ایجاد انبار', Type.Object({ warehouseName: Text(200), warehouseCode: Type.Optional(NumLike({ description: 'افزوده: کد دلخواه؛ خالی = کد بعدی' })) })),
    writeRoute('warehouse', async (b, tx, actor) => {
      const name = readText(b.warehouseName, 'warehouseName', 200);
      const code = readId(b.warehouseCode, 'warehouseCode');
      if (code === 0) throw fail.with('STOCK_NOT_POSITIVE', { field: 'warehouseCode' });
      return warehouseWire(await createWarehouse(tx, actor, { name, code }));
    }),
  );
  app.put(
    '/products/warehouse',
    bodyRoute('افزوده: ویرایش انبار', Type.Object({ warehouseCode: NumLike(), warehouseName: Type.Optional(Text(200)), active: Type.Optional(BoolLike()) })),
    writeRoute('warehouse', async (b, tx, actor) => {
      const code = requiredId(b.warehouseCode, 'warehouseCode', 'warehouse');
      const change = { name: readText(b.warehouseName, 'warehouseName', 200), active: readBool(b.active, 'active') };
      return warehouseWire(await updateWarehouse(tx, actor, await warehouseIdByCode(tx, actor, code, 'warehouseCode'), change));
    }),
  );
  app.delete(
    '/products/warehouse',
    { schema: { tags, summary: 'حذف انبار', querystring: Type.Object({ warehouseCode: Q('کد انبار برای حذف') }) } },
    async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const code = requiredId(q.warehouseCode ?? body(req).warehouseCode, 'warehouseCode', 'warehouse');
      return send(reply, write(req, async (tx, actor) => (await deleteWarehouse(tx, actor, await warehouseIdByCode(tx, actor, code, 'warehouseCode')), { warehouseCode: code }), 'warehouse'));
    },
  );
}
