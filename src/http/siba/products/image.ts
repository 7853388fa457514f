import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { fail } from '../../../domain/errors.js';
import { getProductImage, setProductImage } from '../../../domain/catalog/images.js';
import { actorOf } from '../../common/context.js';
import { readId } from '../../common/wire.js';
import { runWrite } from '../../common/write.js';
import { ok } from '../envelope.js';

const tags = ['siba: products'];
const Params = Type.Object({ id: Type.String({ maxLength: 64, description: 'شناسه کالا' }) });

function productIdParam(raw: string): number {
  const id = readId(raw, 'id');
  if (id === undefined) throw fail.missing('id');
  return id;
}

/**
 * Product image: GET returns the stored bytes with their Content-Type; PUT (addition) takes a
 * raw image body. Image parsers exist only in this plugin, so no other route accepts images.
 */
export async function imageRoutes(app: FastifyInstance): Promise<void> {
  const limit = app.deps.config.imageLimitBytes;
  const raw = (_req: unknown, body: Buffer, done: (err: Error | null, body?: unknown) => void) => done(null, body);
  app.addContentTypeParser(/^image\/[\w.+-]+$/i, { parseAs: 'buffer', bodyLimit: limit }, raw);
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: limit }, raw);

  app.get('/products/image/:id', { schema: { tags, summary: 'دریافت تصویر محصول', params: Params } }, async (req, reply) => {
    const actor = actorOf(req);
    const id = productIdParam((req.params as { id: string }).id);
    const img = await getProductImage(app.deps.database.db, actor, id);
    if (!img) throw fail.with('PRODUCT_IMAGE_MISSING', { field: 'id', value: id });
    return reply.type(img.contentType).header('cache-control', 'no-cache').send(img.bytes);
  });

  app.put(
    '/products/image/:id',
    {
      bodyLimit: limit,
      schema: { tags, summary: 'افزوده: ثبت یا جایگزینی تصویر محصول (بدنه خام تصویر PNG/JPEG/GIF/WebP)', params: Params },
    },
    async (req, reply) => {
      const id = productIdParam((req.params as { id: string }).id);
      const body = req.body;
      if (!Buffer.isBuffer(body)) {
        throw fail.with('PRODUCT_IMAGE_CONTENT_TYPE', { field: 'Content-Type', image: 'image/*', binary: 'application/octet-stream' });
      }
      const res = await runWrite(req, async (tx, actor) => {
        const r = await setProductImage(tx, actor, id, body, limit);
        return { statusCode: 200, body: ok('product', { productId: r.productId, contentType: r.contentType, size: r.size }) };
      }, { hashParts: [req.method, req.url, id, crypto.createHash('sha256').update(body).digest('hex')] });
      return reply.code(res.statusCode).send(res.body);
    },
  );
}
