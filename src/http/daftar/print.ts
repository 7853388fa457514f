import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invoicePaper, paymentPaper, type Paper, type PaperFormat } from '../../domain/printing/model.js';
import { paperHtml } from '../../domain/printing/html.js';
import { actorOf } from '../common/context.js';
import { IdParams, problems } from './common.js';

/**
 * Printed documents (docs/printing.md): `GET /invoices/{id}/print` and `GET /payments/{id}/print`
 * answer HTML with print CSS, or a PDF made in the process when the client asks for one
 * (`Accept: application/pdf`, or `?output=pdf` for a plain link). `GET /invoices/{id}` itself
 * answers the same page to a client that asks for HTML or PDF first.
 */
const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }];

const PrintQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    format: { type: 'string', enum: ['a4', 'receipt80'], default: 'a4', description: 'a4, or an 80 mm till roll' },
    output: { type: 'string', enum: ['html', 'pdf'], description: 'overrides Accept: html (default) or pdf' },
  },
} as const;

const PaperReply = { type: 'string', description: 'text/html (print CSS), or application/pdf with Accept: application/pdf or ?output=pdf' } as const;

type Q = { format?: PaperFormat; output?: 'html' | 'pdf' };

/** Which of HTML, PDF or JSON the Accept header names first (no Accept, or any type, means JSON). */
export function preferredPaper(req: FastifyRequest): 'html' | 'pdf' | null {
  const accept = String(req.headers.accept ?? '').toLowerCase();
  let best: { type: 'html' | 'pdf' | null; q: number } = { type: null, q: 0 };
  for (const part of accept.split(',')) {
    const [media, ...params] = part.trim().split(';');
    const q = Number(params.map((s) => s.trim()).find((s) => s.startsWith('q='))?.slice(2) ?? '1');
    const type = media === 'text/html' ? 'html' : media === 'application/pdf' ? 'pdf' : media === 'application/json' ? null : undefined;
    if (type === undefined || !(q > best.q)) continue;
    best = { type, q };
  }
  return best.type;
}

export async function sendPaper(reply: FastifyReply, paper: Paper, format: PaperFormat, output: 'html' | 'pdf') {
  const name = `${paper.kind === 'invoice' ? 'invoice' : 'payment'}-${paper.number}`;
  reply.header('cache-control', 'private, no-store');
  if (output === 'pdf') {
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${name}.pdf"`).send(await (await import('../../domain/printing/pdf.js')).paperPdf(paper, format));
  }
  // The page's fonts come from /app/fonts; no script runs but the print button's.
  reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src 'self' data:; script-src 'unsafe-inline'");
  return reply.type('text/html; charset=utf-8').send(paperHtml(paper, format));
}

export async function printRoutes(app: FastifyInstance): Promise<void> {
  const db = () => app.deps.database.db;
  const schema = (tags: string[], summary: string) => ({ tags, security, summary, params: IdParams, querystring: PrintQuery, produces: ['text/html', 'application/pdf'], response: { 200: PaperReply, ...problems } });
  app.get('/invoices/:id/print', { schema: schema(['daftar: invoices'], 'چاپ فاکتور: HTML یا PDF (A4 یا رسید ۸۰ میلی‌متری)') }, async (req, reply) => {
    const q = req.query as Q;
    const paper = await invoicePaper(db(), actorOf(req), (req.params as { id: number }).id);
    return sendPaper(reply, paper, q.format ?? 'a4', q.output ?? preferredPaper(req) ?? 'html');
  });
  app.get('/payments/:id/print', { schema: schema(['daftar: payments'], 'چاپ رسید دریافت یا پرداخت: HTML یا PDF') }, async (req, reply) => {
    const q = req.query as Q;
    const paper = await paymentPaper(db(), actorOf(req), (req.params as { id: number }).id);
    return sendPaper(reply, paper, q.format ?? 'a4', q.output ?? preferredPaper(req) ?? 'html');
  });
}
