import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fail } from '../../domain/errors.js';
import { listChanges } from '../../domain/changes/changes.js';
import { setChangeHook } from '../../domain/changes/webhooks.js';
import { getSettings } from '../../domain/business/settings.js';
import { currentFiscalYear } from '../../domain/ledger/fiscal-years.js';
import { listWarehouses } from '../../domain/stock/warehouses.js';
import { listBankAccounts, listCashRegisters } from '../../domain/money/accounts.js';
import { listAccounts } from '../../domain/ledger/journal.js';
import { listProductGroups } from '../../domain/catalog/groups.js';
import { listPartyGroups } from '../../domain/parties/groups.js';
import { actorOf } from '../common/context.js';
import { isAbsent, readText } from '../common/wire.js';
import { field } from './body.js';
import { ok } from './envelope.js';
import { hesabfaSchema, wireDateTime } from './schema.js';
import { hesabfaWrite } from './write.js';
import { padCode, toAsciiDigits } from '../../domain/shared/text.js';

const TAG = 'Hesabfa settings';
const dbOf = (req: FastifyRequest) => req.server.deps.database.db;

/** Books are kept in Rial; Hesabfa amounts are the books' (docs/hesabfa.md "Currency"). */
export const HESABFA_CURRENCY = 'IRR';

/** GetChanges' `start`: null, absent or "" = from the first change; else a non-negative integer (as a number or text). */
function readStart(v: unknown): number {
  if (isAbsent(v) || v === false) return 0;
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? toAsciiDigits(v.trim()) : '';
  if (!/^-?\d+$/.test(s)) throw fail.with('CHANGES_START_INVALID', { field: 'start' });
  return Math.max(0, Math.min(Number(s), Number.MAX_SAFE_INTEGER));
}

/** A group tree as flat nodes with each one's path from the root ("a : b"). */
function treeNodes(groups: { id: number; name: string; parentId: number | null }[]) {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const path = (g: { id: number; name: string; parentId: number | null }): string[] => {
    const out: string[] = [];
    for (let at: typeof g | undefined = g, n = 0; at && n < 100; at = at.parentId === null ? undefined : byId.get(at.parentId), n++) out.unshift(at.name);
    return out;
  };
  return groups.map((g) => ({ Id: g.id, Name: g.name, ParentId: g.parentId ?? 0, FullPath: path(g).join(' : ') }));
}

// setting/* (docs/hesabfa.md "Setup"): what the WooCommerce plugin asks for when it turns live mode on.
export async function settingRoutes(app: FastifyInstance): Promise<void> {
  app.post(
    '/SetChangeHook',
    { schema: hesabfaSchema(TAG, 'Set the change hook', 'Params: `url` (http/https; "" removes the hook), `hookPassword` (sent back as `Password` in every call). Every later change to an item, contact or invoice is POSTed to it as {Password, Action, ObjectType, ObjectIdList}, after its commit, with retries. Result: null. Admin only.') },
    async (req) => {
      const url = readText(field(req.body, 'url'), 'url', 2000);
      if (url === undefined) throw fail.missing('url');
      const password = readText(field(req.body, 'hookPassword'), 'hookPassword', 500) ?? '';
      return hesabfaWrite(req, 'SetChangeHook', async (tx, actor) => {
        await setChangeHook(tx, actor, { url, password }, { url: 'url', password: 'hookPassword' });
        return null;
      });
    },
  );

  app.post(
    '/GetChanges',
    { schema: hesabfaSchema(TAG, 'Changes after an id', 'Params: `start` (a change id; null/absent = from the first). Result: up to 1000 changes after it, ascending: [{Id, ObjectType (Product, Contact, Invoice), ObjectId, Action (x1 created, x2 changed, x3 deleted: Contact 31–33, Product 51–53, Invoice 121–123), API (made through this API), Extra, Extra2, DateTime}]; `LastId` (the newest change id) beside Result.') },
    async (req) => {
      const start = readStart(field(req.body, 'start'));
      const r = await listChanges(dbOf(req), actorOf(req), start);
      const result = r.changes.map((c) => ({
        Id: c.id,
        ObjectType: c.objectType,
        ObjectId: c.objectId,
        Action: c.action,
        API: c.surface === 'hesabfa',
        // codes as the Code of items and contacts reads them (padded to 6 digits when numeric)
        Extra: c.objectType === 'Invoice' ? c.extra.split(',').filter(Boolean).map((x) => padCode(x)).join(',') : c.extra && padCode(c.extra),
        Extra2: c.objectType === 'Invoice' ? c.extra2 : c.extra2 && padCode(c.extra2),
        DateTime: c.at,
      }));
      return { ...ok(result), LastId: r.lastId };
    },
  );

  app.post('/GetFiscalYear', { schema: hesabfaSchema(TAG, 'The current fiscal year', 'Result: {Name, StartDate, EndDate, Closed} of the Jalali year containing today (Y-m-dTH:i:s).') }, async (req) => {
    const fy = await currentFiscalYear(dbOf(req), actorOf(req));
    return ok({ Name: fy.title, StartDate: wireDateTime(fy.startDate), EndDate: wireDateTime(fy.endDate, '23:59:59'), Closed: fy.closed });
  });

  app.post('/getCurrency', { schema: hesabfaSchema(TAG, 'The currency of amounts', 'Result: {Currency: "IRR"}: every amount on this API is in Rial, as the books are (a Toman shop\'s plugin multiplies by 10).') }, async () => {
    return ok({ Currency: HESABFA_CURRENCY });
  });

  app.post('/getBusinessInfo', { schema: hesabfaSchema(TAG, 'The business', 'Result: {Name, Credit, ExpireDate, Subscription}: ExpireDate null (Daftar does not expire).') }, async (req) => {
    const s = await getSettings(dbOf(req), actorOf(req));
    return ok({ Name: s.name, Credit: 0, ExpireDate: null, Subscription: 'Daftar', Currency: HESABFA_CURRENCY });
  });

  app.post('/GetWarehouses', { schema: hesabfaSchema(TAG, 'Warehouses', 'Result: [{Code, Name, Active, IsDefault}].') }, async (req) => {
    const list = await listWarehouses(dbOf(req), actorOf(req));
    return ok(list.map((w) => ({ Code: w.code, Name: w.name, Active: w.active, IsDefault: w.isDefault })));
  });

  app.post('/getProjects', { schema: hesabfaSchema(TAG, 'Projects', 'Daftar keeps no projects: Result is [] (Success).') }, async (req) => {
    actorOf(req);
    return ok([]);
  });

  app.post('/getSalesmen', { schema: hesabfaSchema(TAG, 'Salesmen', 'Daftar keeps no salesmen: Result is [] (Success).') }, async (req) => {
    actorOf(req);
    return ok([]);
  });

  app.post('/getBanks', { schema: hesabfaSchema(TAG, 'Bank accounts', 'Result: [{Code (the account\'s id, for savepayment\'s bankCode), Name, Branch, AccountNumber, Currency, Active}].') }, async (req) => {
    const list = await listBankAccounts(dbOf(req), actorOf(req));
    return ok(list.map((b) => ({ Code: String(b.id), Name: b.bankName, Branch: b.branch, AccountNumber: b.accountNo, Currency: HESABFA_CURRENCY, Active: b.active })));
  });

  app.post('/GetCashes', { schema: hesabfaSchema(TAG, 'Cash registers', 'Result: [{Code (the register\'s id, for savepayment\'s cashCode), Name, Currency, Active}].') }, async (req) => {
    const list = await listCashRegisters(dbOf(req), actorOf(req));
    return ok(list.map((c) => ({ Code: String(c.id), Name: c.name, Currency: HESABFA_CURRENCY, Active: c.active })));
  });

  app.post('/GetAccounts', { schema: hesabfaSchema(TAG, 'The chart of accounts', 'Result: [{Code, Name, FullPath, Level, Active}].') }, async (req) => {
    const list = await listAccounts(dbOf(req), actorOf(req));
    const byId = new Map(list.map((a) => [a.id, a]));
    const path = (id: number | null): string[] => {
      const a = id === null ? undefined : byId.get(id);
      return a ? [...path(a.parentId), a.name] : [];
    };
    return ok(list.map((a) => ({ Code: a.code, Name: a.name, FullPath: path(a.id).join(' : '), Level: a.level, Active: a.active })));
  });

  app.post('/GetProductCategories', { schema: hesabfaSchema(TAG, 'Item categories', 'Result: [{Id, Name, ParentId (0 = root), FullPath}].') }, async (req) => {
    return ok(treeNodes(await listProductGroups(dbOf(req), actorOf(req))));
  });

  app.post('/GetContactCategories', { schema: hesabfaSchema(TAG, 'Contact categories', 'Result: [{Id, Name, ParentId (0 = root), FullPath}].') }, async (req) => {
    return ok(treeNodes(await listPartyGroups(dbOf(req), actorOf(req))));
  });
}
