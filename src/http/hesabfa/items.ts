import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type DomainError, fail } from '../../domain/errors.js';
import { deleteProduct, findProductByBarcode, findProductByCode, getProductsByIds } from '../../domain/catalog/products.js';
import { saveProductByCode, saveProductsByCode, type SaveByCode } from '../../domain/catalog/save-by-code.js';
import { queryProducts, stockListJson, type ProductQueryFilter, type StockListFormat } from '../../domain/catalog/product-query.js';
import { productFilters, productSort } from './item-properties.js';
import { warehouseByCode, warehouseIdByCode } from '../../domain/stock/warehouses.js';
import { setOpeningQuantities, type OpeningQuantity } from '../../domain/stock/opening-quantity.js';
import { padCode } from '../../domain/shared/text.js';
import { actorOf } from '../common/context.js';
import { isAbsent, readBool, readDecimal, readId, readInt, readText } from '../common/wire.js';
import { field, isObject } from './body.js';
import { ok } from './envelope.js';
import { hesabfaWrite } from './write.js';
import { readCode, readCodes, readItem, requireNewItemFields, toItem, type WireItemInput } from './item-wire.js';


/** A loose body schema: clients send anything (any casing, extra fields); documented for OpenAPI. */
function schema(summary: string, description: string) {
  return {
    tags: ['Hesabfa items'],
    summary,
    description: `${description}\n\nAuth fields in every body: apiKey, and loginToken or userId+password. Optional requestUniqueId on writes. Field names are case-insensitive; HTTP status is always 200 with {Success, ErrorCode, ErrorMessage, Result}.`,
    body: Type.Any({ description: 'JSON (or JavaScript object literal) body with the auth fields and the method parameters' }),
  };
}

const dbOf = (req: FastifyRequest) => req.server.deps.database.db;

const write = hesabfaWrite;

function requireCode(body: unknown, name: string): string {
  const code = readCode(field(body, name), name);
  if (code === undefined) throw fail.missing(name);
  return code;
}

function itemNotFound(name: string, value: string): DomainError {
  return fail.notFound('product', name, value);
}

/**
 * An item as a save by code: a known Code updates it (only the fields sent), otherwise a new
 * item. `at` names a single item's fields ("item"); in a batch (no `at`) the domain paths
 * `products[i].name`/`.kind` are renamed by the fields table.
 */
function byCode(item: WireItemInput, at?: string): SaveByCode {
  return {
    code: item.code,
    input: item.input,
    forCreate: () => {
      requireNewItemFields(item, at);
      return { ...item.input, code: item.code === undefined ? undefined : padCode(item.code) };
    },
  };
}

function readArray(body: unknown, name: string): unknown[] {
  const v = field(body, name);
  if (isAbsent(v)) throw fail.missing(name);
  if (!Array.isArray(v)) throw fail.with('PRODUCT_NOT_AN_ARRAY', { field: name });
  return v;
}

/** GetQuantity's objects: {Code, Tag, Quantity, Barcode, SellPrice, ProductCode}, codes as padCode writes them. */
const STOCK_LIST: StockListFormat = {
  keys: { code: '"Code":', tag: '"Tag":', quantity: '"Quantity":', barcode: '"Barcode":', sellPrice: '"SellPrice":', productCode: '"ProductCode":' },
  codeWidth: 6,
};

/** GetQuantity's reply: ok(list), the list's JSON text (made by the database) put in ok()'s own envelope. */
export function quantitiesReply(listJson: string): string {
  const [head, tail] = JSON.stringify(ok([])).split('[]');
  return head + listJson + tail;
}

// The nine item methods (hesabfa.md), each as POST /v1/item/<method>; paths match in any casing.
export async function itemRoutes(app: FastifyInstance): Promise<void> {
  const config = app.deps.config;

  app.post('/get', { schema: schema('Item by code', 'Params: `code` (2, "2" and "000002" name one item). Result: the item, or ErrorCode 112.') }, async (req) => {
    const actor = actorOf(req);
    const code = requireCode(req.body, 'code');
    const p = await findProductByCode(dbOf(req), actor, code);
    if (!p) throw itemNotFound('code', code);
    return ok(toItem(p));
  });

  app.post('/getByBarcode', { schema: schema('Item by barcode', 'Params: `barcode`. Result: the item, or ErrorCode 112.') }, async (req) => {
    const actor = actorOf(req);
    const barcode = readText(field(req.body, 'barcode'), 'barcode', 100)?.trim();
    if (!barcode) throw fail.missing('barcode');
    const p = await findProductByBarcode(dbOf(req), actor, barcode);
    if (!p) throw itemNotFound('barcode', barcode);
    return ok(toItem(p));
  });

  app.post('/getById', { schema: schema('Items by id', 'Params: `idList` (ints or numeric strings). Result: the found items in request order; unknown ids are skipped.') }, async (req) => {
    const actor = actorOf(req);
    const raw = field(req.body, 'idList');
    if (isAbsent(raw)) throw fail.missing('idList');
    const list = Array.isArray(raw) ? raw : [raw];
    const ids: number[] = [];
    list.forEach((v, i) => {
      const id = readId(v, `idList[${i}]`);
      if (id !== undefined && !ids.includes(id)) ids.push(id);
    });
    if (ids.length > config.hesabfaMaxTake) throw fail.with('PRODUCT_IDS_TOO_MANY', { field: 'idList', max: config.hesabfaMaxTake });
    const found = new Map((await getProductsByIds(dbOf(req), actor, ids)).map((p) => [p.id, p]));
    return ok(ids.filter((id) => found.has(id)).map((id) => toItem(found.get(id)!)));
  });

  app.post(
    '/getitems',
    {
      schema: schema(
        'Query items',
        'Params: `queryInfo` {SortBy, SortDesc, Take, Skip, Search, Filters:[{Property, Operator, Value}]} (any casing; absent/null/[] or keys at the top level = the default query). Operators = != < <= > >= * in. Take absent → all (clamped to the server maximum). Result: {TotalCount, FilteredCount, From, To, List}.',
      ),
    },
    async (req) => {
      const actor = actorOf(req);
      const qiRaw = field(req.body, 'queryInfo');
      const qi = isObject(qiRaw) ? qiRaw : req.body;
      const at = isObject(qiRaw) ? 'queryInfo' : 'body';

      let take = readInt(field(qi, 'Take'), `${at}.Take`);
      if (take !== undefined && take < 0) throw fail.with('PRODUCT_CANNOT_BE_NEGATIVE', { field: `${at}.Take` });
      if (take === undefined || take === 0 || take > config.hesabfaMaxTake) take = config.hesabfaMaxTake;
      const skip = readInt(field(qi, 'Skip'), `${at}.Skip`) ?? 0;
      if (skip < 0) throw fail.with('PRODUCT_CANNOT_BE_NEGATIVE', { field: `${at}.Skip` });
      const sortBy = readText(field(qi, 'SortBy'), `${at}.SortBy`, 100);
      const sortDesc = readBool(field(qi, 'SortDesc'), `${at}.SortDesc`) ?? false;
      const search = readText(field(qi, 'Search'), `${at}.Search`, 200);
      const rawFilters = field(qi, 'Filters');
      const list = isAbsent(rawFilters) ? [] : Array.isArray(rawFilters) ? rawFilters : [rawFilters];
      const filters: ProductQueryFilter[] = list.map((f, i) => {
        if (!isObject(f)) throw fail.with('PRODUCT_QUERY_FILTER_SHAPE', { field: `${at}.Filters[${i}]`, shape: '{Property, Operator, Value}' });
        return { property: field(f, 'Property') as string, operator: field(f, 'Operator') as string, value: field(f, 'Value') };
      });

      const db = dbOf(req);
      const r = await queryProducts(db, actor, { sortBy: productSort(sortBy), sortDesc, take, skip, search, filters: productFilters(filters) });
      const byId = new Map((await getProductsByIds(db, actor, r.ids)).map((p) => [p.id, p]));
      const items = r.ids.filter((id) => byId.has(id)).map((id) => toItem(byId.get(id)!));
      return ok({
        TotalCount: r.total,
        FilteredCount: r.filtered,
        From: items.length ? skip + 1 : 0,
        To: items.length ? skip + items.length : 0,
        List: items,
      });
    },
  );

  app.post(
    '/save',
    {
      schema: schema(
        'Save an item',
        'Params: `item` {Code?, Name*, ItemType* (0 product, 1 service), Barcode, Unit, BuyPrice, SellPrice, PurchasesTitle, SalesTitle, Tag, Description, ProductCode, Active, NodeFamily "root : a : b"}. No Code → new item; a known Code → update of the fields sent; an unknown Code → new item with that code. Result: the saved item.',
      ),
    },
    async (req) => {
      const raw = field(req.body, 'item');
      if (isAbsent(raw)) throw fail.missing('item');
      const item = readItem(raw, 'item');
      return write(req, 'save', async (tx, actor) => {
        return toItem((await saveProductByCode(tx, actor, byCode(item, 'item'))).product);
      });
    },
  );

  app.post(
    '/batchsave',
    {
      schema: schema(
        'Save many items',
        'Params: `items` (array of items as in save). All-or-nothing: one invalid item → nothing saved and ErrorMessage names its index. Result: the saved items in request order, each echoing its Tag.',
      ),
    },
    async (req) => {
      const raw = readArray(req.body, 'items');
      if (raw.length > config.maxBatchItems) {
        throw fail.with('PRODUCT_BATCH_TOO_LARGE', { field: 'items', max: config.maxBatchItems });
      }
      // Read and check every item before writing anything.
      const items = raw.map((r, i) => {
        const item = readItem(r, `items[${i}]`);
        if (item.code === undefined) requireNewItemFields(item, `items[${i}]`);
        return item;
      });
      return write(req, 'batchsave', async (tx, actor) => {
        // A refusal names products[i].… in the domain; the fields table says items[i].…
        return (await saveProductsByCode(tx, actor, items.map((item) => byCode(item)))).map(toItem);
      });
    },
  );
  app.post('/delete', { schema: schema('Delete an item', 'Params: `code`. Result: true; ErrorCode 190 when the item has stock movements or documents (deactivate it instead).') }, async (req) => {
    const code = requireCode(req.body, 'code');
    return write(req, 'delete', async (tx, actor) => {
      const p = await findProductByCode(tx, actor, code);
      if (!p) throw itemNotFound('code', code);
      await deleteProduct(tx, actor, p.id);
      return true;
    });
  });

  app.post(
    '/GetQuantity',
    {
      schema: schema(
        'Stock quantities',
        'Params: `warehouseCode` (optional: that warehouse only, else all), `codes` (optional: only these items, else all items; services have Quantity 0). Result: [{Code, Tag, Quantity, Barcode, SellPrice, ProductCode}].',
      ),
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const db = dbOf(req);
      const whCode = readInt(field(req.body, 'warehouseCode'), 'warehouseCode');
      let warehouseId: number | undefined;
      if (whCode !== undefined) {
        const wh = await warehouseByCode(db, actor, whCode);
        if (!wh) throw fail.notFound('warehouse', 'warehouseCode', whCode);
        warehouseId = wh.id;
      }
      const codes = readCodes(field(req.body, 'codes'), 'codes');
      // Up to every product of the business: the database writes the list (the same bytes as
      // serialising ok([{Code, Tag, Quantity, Barcode, SellPrice, ProductCode}, …])).
      const list = await stockListJson(db, actor, { codes, warehouseId }, STOCK_LIST);
      return reply.type('application/json; charset=utf-8').send(quantitiesReply(list));
    },
  );

  app.post(
    '/UpdateOpeningQuantity',
    {
      schema: schema(
        'Set opening stock',
        'Params: `items` [{Code*, Quantity* > 0, UnitPrice* > 0, WarehouseCode?}]. Replaces each sent item\'s opening entry (first fiscal year\'s start, against opening equity); other items\' openings are untouched. Result: null.',
      ),
    },
    async (req) => {
      const raw = readArray(req.body, 'items');
      if (raw.length > config.maxBatchItems) throw fail.with('PRODUCT_BATCH_TOO_LARGE', { field: 'items', max: config.maxBatchItems });
      const parsed = raw.map((r, i) => {
        const at = `items[${i}]`;
        if (!isObject(r)) throw fail.with('PRODUCT_NOT_AN_OBJECT', { field: at });
        const code = readCode(field(r, 'Code'), `${at}.Code`);
        if (code === undefined) throw fail.missing(`${at}.Code`);
        const quantity = readDecimal(field(r, 'Quantity'), `${at}.Quantity`);
        if (quantity === undefined) throw fail.missing(`${at}.Quantity`);
        const unitCost = readDecimal(field(r, 'UnitPrice'), `${at}.UnitPrice`);
        if (unitCost === undefined) throw fail.missing(`${at}.UnitPrice`);
        return { code, quantity, unitCost, warehouse: readInt(field(r, 'WarehouseCode'), `${at}.WarehouseCode`) };
      });
      return write(req, 'UpdateOpeningQuantity', async (tx, actor) => {
        const openings: OpeningQuantity[] = [];
        for (const [i, p] of parsed.entries()) {
          const warehouseId = p.warehouse === undefined ? undefined : await warehouseIdByCode(tx, actor, p.warehouse, `openings[${i}].warehouseId`);
          openings.push({ code: p.code, warehouseId, quantity: p.quantity, unitCost: p.unitCost });
        }
        await setOpeningQuantities(tx, actor, openings);
        return null;
      });
    },
  );
}
