import type { FastifyInstance } from 'fastify';
import { closeFiscalYear, listFiscalYears, reopenFiscalYear, type FiscalYear } from '../../domain/ledger/fiscal-years.js';
import { toJalali } from '../../domain/shared/dates.js';
import { actorOf } from '../common/context.js';
import { IdParams, problems, security, shape, write } from './common.js';

/**
 * /daftar/v1/fiscalYears (docs/fiscal-years.md): the Jalali years of the books; closing one
 * writes the result, closing and opening vouchers and refuses later postings into it
 * (CLOSED_PERIOD); reopening reverses them.
 */
const tags = ['daftar: fiscalYears'];
const FiscalYearSchema = shape({
  id: 'integer', jalaliYear: 'integer', title: 'string', startDate: 'string', startDateJalali: 'string', endDate: 'string', endDateJalali: 'string',
  closed: 'boolean', resultVoucherId: 'integer?', closingVoucherId: 'integer?', openingVoucherId: 'integer?',
});
const example = {
  id: 2, jalaliYear: 1405, title: 'سال مالی 1405', startDate: '2026-03-21', startDateJalali: '1405/01/01', endDate: '2027-03-20', endDateJalali: '1405/12/29',
  closed: true, resultVoucherId: 812, closingVoucherId: 813, openingVoucherId: 814,
};

function wire(f: FiscalYear) {
  return {
    id: f.fiscalYearId, jalaliYear: f.jalaliYear, title: f.title,
    startDate: f.startDate, startDateJalali: toJalali(f.startDate), endDate: f.endDate, endDateJalali: toJalali(f.endDate),
    closed: f.closed, resultVoucherId: f.resultVoucherId, closingVoucherId: f.closingVoucherId, openingVoucherId: f.openingVoucherId,
  };
}

const Empty = { type: 'object', additionalProperties: false, properties: {}, examples: [{}] } as const;

export async function fiscalYearRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;
  app.get(
    '/fiscalYears',
    {
      schema: {
        tags, security, summary: 'سال‌های مالی',
        response: { 200: { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: FiscalYearSchema }, nextCursor: { type: ['string', 'null'] } }, examples: [{ items: [example], nextCursor: null }] }, ...problems },
      },
    },
    async (req) => ({ items: (await listFiscalYears(db, actorOf(req))).map(wire), nextCursor: null }),
  );
  app.post(
    '/fiscalYears/:id/close',
    {
      schema: {
        tags, security, params: IdParams, body: Empty,
        summary: 'بستن سال مالی: بستن حساب‌های موقت به سود (زیان) انباشته، سند اختتامیه، سند افتتاحیه سال بعد و شماره دائم اسناد؛ پس از آن هر ثبت با تاریخ این سال رد می‌شود (CLOSED_PERIOD)',
        response: { 200: { ...FiscalYearSchema, examples: [example] }, ...problems },
      },
    },
    async (req, reply) => write(req, reply, 200, async (tx, actor) => wire(await closeFiscalYear(tx, actor, (req.params as { id: number }).id))),
  );
  app.post(
    '/fiscalYears/:id/reopen',
    {
      schema: {
        tags, security, params: IdParams, body: Empty,
        summary: 'بازگشایی سال مالی بسته (فقط مدیر): اسناد بستن، اختتامیه و افتتاحیه با اسناد برگشتی خنثی می‌شوند',
        response: { 200: { ...FiscalYearSchema, examples: [{ ...example, closed: false, resultVoucherId: null, closingVoucherId: null, openingVoucherId: null }] }, ...problems },
      },
    },
    async (req, reply) => write(req, reply, 200, async (tx, actor) => wire(await reopenFiscalYear(tx, actor, (req.params as { id: number }).id))),
  );
}
