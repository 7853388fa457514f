import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { deleteProduct, getProduct, getProductsByIds, updateProduct } from '../../domain/catalog/products.js';
import { saveProductByCode } from '../../domain/catalog/save-by-code.js';
import { queryProducts } from '../../domain/catalog/product-query.js';
import { productListFilters } from './item-properties.js';
import { fail } from '../../domain/errors.js';
import { actorOf } from '../common/context.js';
import { BoolLike, optionalStrings, readBool, readText } from '../common/wire.js';
import { runWrite } from '../common/write.js';
import { ChortkeBody, PageQuery, flattenBody, pathId, readPage } from './body.js';
import { ok } from './envelope.js';
import { productFlat, productInput, productMain, productOthers } from './product-wire.js';

const TAGS = ['chortke: products'];
const IdParams = Type.Object({ id: Type.String({ maxLength: 30 }) });

/** Products (chortke.md): flat list, by id as main/others, save by accountingCode, edit, delete. */
export async function productRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;

  app.get(
    '/products',
    {
      schema: {
        tags: TAGS,
        summary: 'دریافت لیست محصولات',
        querystring: Type.Object({ ...PageQuery, ...optionalStrings({ title: 200, code: 100, accountingCode: 50, barcode: 100 }), isProduct: Type.Optional(BoolLike()) }),
      },
    },
    async (req) => {
      const q = req.query as Record<string, unknown>;
      const actor = actorOf(req);
      const { offset, limit } = readPage(q);
      // Filters by the wire's own fields (item-properties.ts): `code` is Chortke's code (the
      // product code), not the accountingCode.
      const isProduct = readBool(q.isProduct, 'isProduct');
      const filters = productListFilters({
        title: readText(q.title, 'title', 200)?.trim(),
        code: readText(q.code, 'productCode', 100)?.trim(),
        accountingCode: readText(q.accountingCode, 'accountingCode', 50)?.trim(),
        barcode: readText(q.barcode, 'barcode', 100)?.trim(),
        isProduct: isProduct === undefined ? undefined : isProduct ? 'goods' : 'service',
      });
      const page = await queryProducts(db, actor, { sortBy: 'id', take: limit, skip: offset, filters });
      const byId = new Map((await getProductsByIds(db, actor, page.ids)).map((p) => [p.id, p]));
      const items = page.ids.map((id) => byId.get(id)).filter((p) => p !== undefined);
      return ok({ product: items.map(productFlat), total: page.filtered });
    },
  );

  app.get('/products/:id', { schema: { tags: TAGS, summary: 'دریافت محصول از طریق Id', params: IdParams } }, async (req) => {
    const id = pathId((req.params as { id: string }).id, 'product');
    const p = await getProduct(db, actorOf(req), id);
    if (!p) throw fail.notFound('product', 'id', id);
    return ok({ main: productMain(p), others: productOthers(p) });
  });

  app.post('/products', { schema: { tags: TAGS, summary: 'ذخیره محصول (بر اساس accountingCode)', body: ChortkeBody } }, async (req, reply) => {
    const input = productInput(flattenBody(req.body));
    const res = await runWrite(req, async (tx, actor) => {
      // An existing accountingCode is an edit (the code stays as stored), else a new product.
      const forCreate = () => {
        if (!input.name) throw fail.missing('name');
        return input;
      };
      const { product: p, created } = await saveProductByCode(tx, actor, { code: input.code || undefined, input, forCreate });
      return created
        ? { statusCode: 201, body: ok({ product: productFlat(p) }, 'محصول با موفقیت ذخیره شد') }
        : { statusCode: 200, body: ok({ product: productFlat(p) }, 'محصول با موفقیت ویرایش شد') };
    });
    return reply.code(res.statusCode).send(res.body);
  });

  app.put('/products/:id', { schema: { tags: TAGS, summary: 'ویرایش محصول', params: IdParams, body: ChortkeBody } }, async (req, reply) => {
    const id = pathId((req.params as { id: string }).id, 'product');
    const input = productInput(flattenBody(req.body));
    const res = await runWrite(req, async (tx, actor) => {
      const p = await updateProduct(tx, actor, id, input);
      return { statusCode: 200, body: ok({ product: productFlat(p) }, 'محصول با موفقیت ویرایش شد') };
    });
    return reply.code(res.statusCode).send(res.body);
  });

  app.delete('/products/:id', { schema: { tags: TAGS, summary: 'حذف محصول', params: IdParams } }, async (req, reply) => {
    const id = pathId((req.params as { id: string }).id, 'product');
    const res = await runWrite(req, async (tx, actor) => {
      await deleteProduct(tx, actor, id);
      return { statusCode: 200, body: ok({}, 'محصول با موفقیت حذف گردید') };
    });
    return reply.code(res.statusCode).send(res.body);
  });
}
