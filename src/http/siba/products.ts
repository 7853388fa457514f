import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { fail } from '../../domain/errors.js';
import { createProduct, deleteProduct, getProduct, listProducts } from '../../domain/catalog/products.js';
import { updateProductWithQuantity } from '../../domain/catalog/product-stock.js';
import { stockBalances } from '../../domain/stock/movements.js';
import { warehouseIdByCode } from '../../domain/stock/warehouses.js';
import { todayIso } from '../../domain/shared/dates.js';
import { actorOf } from '../common/context.js';
import { NumLike, readId, readText } from '../common/wire.js';
import { runWrite } from '../common/write.js';
import { ok } from './envelope.js';
import { ProductPostBody, ProductPutBody, readPage, readProductPost, readProductPut, toSibaProduct } from './products/wire.js';
import { renameErrorFields } from '../common/fields.js';
import { SIBA_PRODUCT_POST_FIELDS, SIBA_PRODUCT_PUT_FIELDS } from './fields.js';
import type { FieldNames } from '../common/fields.js';
import { isDomainError } from '../../domain/errors.js';
import { catalogRoutes } from './products/catalog.js';
import { imageRoutes } from './products/image.js';
import { toWire } from '../../domain/shared/money.js';

const tags = ['siba: products'];

/** A product write's refusal in the route's own names (siba/fields.ts), before the surface's table. */
const renamed = (names: FieldNames) => (err: unknown): never => {
  throw isDomainError(err) ? renameErrorFields(err, names) : err;
};
const Q = (description?: string) => Type.Optional(Type.String({ maxLength: 200, description }));

/** Products (siba.md «محصولات»): list, get, create, update (with totalQuantity), delete, stock. */
export async function productRoutes(app: FastifyInstance): Promise<void> {
  const db = () => app.deps.database.db;

  app.get(
    '/products',
    {
      schema: {
        tags,
        summary: 'دریافت لیست محصولات همراه با فیلتر',
        querystring: Type.Object({
          name: Q('نام (شامل، نرمال‌شده)'),
          code: Q('کد (دقیق)'),
          barcode: Q('افزوده: بارکد'),
          offset: Q('افزوده'),
          limit: Q('افزوده: پیش‌فرض ۱۰۰، حداکثر ۱۰۰۰'),
        }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const q = req.query as Record<string, unknown>;
      const page = readPage(q, app.deps.config.maxPageSize);
      const r = await listProducts(db(), actor, {
        name: readText(q.name, 'name', 200),
        code: readText(q.code, 'code', 100),
        barcode: readText(q.barcode, 'barcode', 100),
        ...page,
      });
      reply.header('x-total-count', String(r.total));
      return ok('product', r.items.map(toSibaProduct));
    },
  );

  app.get(
    '/products/stock',
    {
      schema: {
        tags,
        summary: 'افزوده: موجودی هر کالا در هر انبار',
        querystring: Type.Object({ productId: Q(), warehouseCode: Q() }),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const q = req.query as Record<string, unknown>;
      const productId = readId(q.productId, 'productId');
      const code = readId(q.warehouseCode, 'warehouseCode');
      if (productId !== undefined && !(await getProduct(db(), actor, productId))) {
        throw fail.notFound('product', 'productId', productId);
      }
      const warehouseId = code === undefined ? undefined : await warehouseIdByCode(db(), actor, code, 'warehouseCode');
      const rows = await stockBalances(db(), actor, { productIds: productId === undefined ? undefined : [productId], warehouseId });
      return ok(
        'stock',
        rows.map((r) => ({ productId: r.productId, warehouseCode: r.warehouse.code, quantity: toWire(r.quantity) })),
      );
    },
  );

  app.get(
    '/products/:id',
    { schema: { tags, summary: 'افزوده: یک کالا', params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } },
    async (req) => {
      const actor = actorOf(req);
      const id = readId((req.params as { id: string }).id, 'id');
      const p = id ? await getProduct(db(), actor, id) : null;
      if (!p) throw fail.notFound('product', 'id', id ?? '');
      return ok('product', toSibaProduct(p));
    },
  );

  app.post('/products', { schema: { tags, summary: 'ایجاد محصول', body: ProductPostBody } }, async (req, reply) => {
    const input = readProductPost((req.body ?? {}) as Record<string, unknown>);
    const res = await runWrite(req, async (tx, actor) => ({
      statusCode: 200,
      body: ok('product', toSibaProduct(await createProduct(tx, actor, input))),
    })).catch(renamed(SIBA_PRODUCT_POST_FIELDS));
    return reply.code(res.statusCode).send(res.body);
  });

  app.put('/products', { schema: { tags, summary: 'ویرایش محصول', body: ProductPutBody } }, async (req, reply) => {
    const { id, input, totalQuantity } = readProductPut((req.body ?? {}) as Record<string, unknown>);
    const res = await runWrite(req, async (tx, actor) => {
      const r = await updateProductWithQuantity(tx, actor, id, input, totalQuantity, todayIso());
      return { statusCode: 200, body: ok('product', toSibaProduct(r.product)) };
    }).catch(renamed(SIBA_PRODUCT_PUT_FIELDS));
    return reply.code(res.statusCode).send(res.body);
  });

  app.delete(
    '/products',
    {
      schema: {
        tags,
        summary: 'حذف محصول',
        querystring: Type.Object({ productId: Q('شناسه محصول برای حذف') }),
        body: Type.Optional(Type.Union([Type.Object({ productId: Type.Optional(NumLike()) }), Type.Null()])),
      },
    },
    async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const b = (req.body ?? {}) as Record<string, unknown>;
      const id = readId(q.productId ?? b.productId, 'productId');
      if (id === undefined) throw fail.missing('productId');
      const res = await runWrite(req, async (tx, actor) => {
        await deleteProduct(tx, actor, id);
        return { statusCode: 200, body: ok('product', { productId: id }) };
      });
      return reply.code(res.statusCode).send(res.body);
    },
  );

  await app.register(imageRoutes);
  await app.register(catalogRoutes);
}
