import type { FastifyInstance } from 'fastify';
import { createWarehouse, deleteWarehouse, listWarehouses, updateWarehouse, type Warehouse } from '../../domain/stock/warehouses.js';
import { actorOf } from '../common/context.js';
import { Amount, Id, IdParams, ListFormat, listOf, listQuery, page, problems, write } from './common.js';
import { stockOnHand } from '../../domain/stock/on-hand.js';
import { STOCK_COLUMNS } from '../../domain/reports/lists.js';
import { sendSheet, sheetFormat } from '../common/sheet.js';

/** /daftar/v1/warehouses: list (everyone who reads products), create/rename/delete (admin, accountant). */

const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
const tags = ['daftar: warehouses'];

const WarehouseSchema = {
  type: 'object',
  required: ['id', 'code', 'name', 'isDefault', 'active'],
  properties: {
    id: { type: 'integer' },
    code: { type: 'integer', description: 'the short number people use; 1 is the default warehouse' },
    name: { type: 'string' },
    isDefault: { type: 'boolean' },
    active: { type: 'boolean' },
  },
} as const;
const example = { id: 2, code: 2, name: 'انبار شعبه', isDefault: false, active: true };

const OnHandSchema = {
  type: 'object',
  required: ['productId', 'productCode', 'productName', 'unit', 'warehouseId', 'warehouseCode', 'warehouseName', 'quantity'],
  properties: {
    productId: Id, productCode: { type: 'string' }, productName: { type: 'string' }, unit: { type: ['string', 'null'] },
    warehouseId: Id, warehouseCode: { type: 'integer' }, warehouseName: { type: 'string' }, quantity: Amount,
  },
} as const;
const onHandExample = { productId: 12, productCode: '000012', productName: 'چای سبز ۱۰۰ گرمی', unit: 'عدد', warehouseId: 1, warehouseCode: 1, warehouseName: 'انبار مرکزی', quantity: '40' };
const StockQuery = listQuery({ warehouseId: Id, format: ListFormat } as const);

const wire = (w: Warehouse) => ({ id: w.id, code: w.code, name: w.name, isDefault: w.isDefault, active: w.active });

export async function warehouseRoutes(app: FastifyInstance): Promise<void> {
  const { database } = app.deps;
  app.get(
    '/warehouses',
    {
      schema: {
        tags,
        security,
        summary: 'فهرست انبارها',
        response: {
          200: { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: WarehouseSchema }, nextCursor: { type: ['string', 'null'] } }, examples: [{ items: [example], nextCursor: null }] },
          ...problems,
        },
      },
    },
    async (req) => ({ items: (await listWarehouses(database.db, actorOf(req))).map(wire), nextCursor: null }),
  );
  app.get(
    '/stock',
    {
      schema: {
        tags,
        security,
        summary: 'موجودی کالا در هر انبار (کالاهای دارای موجودی)؛ format=csv|xlsx همه فهرست در اکسل',
        querystring: StockQuery,
        response: { 200: listOf(OnHandSchema, onHandExample), ...problems },
      },
    },
    async (req, reply) => {
      const q = req.query as { limit?: number; cursor?: string; warehouseId?: number; format?: string };
      const sheet = sheetFormat(q);
      if (sheet) return sendSheet(reply, sheet, 'stock', STOCK_COLUMNS, (await stockOnHand(database.db, actorOf(req), { warehouseId: q.warehouseId })).items);
      return page(q, (offset, limit) => stockOnHand(database.db, actorOf(req), { warehouseId: q.warehouseId, offset, limit }), ({ warehouse, ...x }) => ({ ...x, warehouseCode: warehouse }));
    },
  );
  app.post(
    '/warehouses',
    {
      schema: {
        tags,
        security,
        summary: 'تعریف انبار',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: { name: { type: 'string', maxLength: 200 }, code: { type: 'integer', minimum: 1, maximum: 2147483647, description: 'absent: the next code' } },
          examples: [{ name: 'انبار شعبه' }],
        },
        response: { 201: { ...WarehouseSchema, examples: [example] }, ...problems },
      },
    },
    async (req, reply) => {
      const b = req.body as { name: string; code?: number };
      return write(req, reply, 201, async (tx, actor) => wire(await createWarehouse(tx, actor, { name: b.name, code: b.code })));
    },
  );
  app.patch(
    '/warehouses/:id',
    {
      schema: {
        tags,
        security,
        summary: 'تغییر نام یا فعال/غیرفعال کردن انبار',
        params: IdParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { name: { type: 'string', maxLength: 200 }, active: { type: 'boolean' } },
          examples: [{ name: 'انبار مرکزی تهران' }],
        },
        response: { 200: { ...WarehouseSchema, examples: [example] }, ...problems },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: number };
      const b = req.body as { name?: string; active?: boolean };
      return write(req, reply, 200, async (tx, actor) => wire(await updateWarehouse(tx, actor, id, b)));
    },
  );
  app.delete(
    '/warehouses/:id',
    {
      schema: {
        tags,
        security,
        summary: 'حذف انبار بی‌گردش (انبار پیش‌فرض یا دارای گردش: 409 IN_USE)',
        params: IdParams,
        response: { 204: { type: 'null', description: 'deleted' }, ...problems },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: number };
      return write(req, reply, 204, async (tx, actor) => (await deleteWarehouse(tx, actor, id), null));
    },
  );
}
