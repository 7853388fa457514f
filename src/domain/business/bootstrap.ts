import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { issueCredential } from '../auth/credentials.js';
import { hashPassword, newPassword } from '../auth/secrets.js';
import { seedChart } from '../ledger/chart.js';
import { fiscalYearFor } from '../ledger/fiscal.js';
import { createCashRegister } from '../money/accounts.js';
import { todayIso } from '../shared/dates.js';
import { normalizeText } from '../shared/text.js';

export interface NewBusinessInput {
  name: string;
  adminUser?: string;
  adminPassword?: string;
  apiToken?: string;
  hesabfaApiKey?: string;
  hesabfaLoginToken?: string;
  chortkeToken?: string;
}

export interface NewBusiness {
  businessId: number;
  adminUserId: number;
  adminUser: string;
  /** Plain secrets: shown once, stored only hashed. */
  adminPassword: string;
  apiToken: string;
  hesabfaApiKey: string;
  hesabfaLoginToken: string;
  chortkeToken: string;
}

/** The person-type tree (Chortke) = Siba's customer groups. */
export const PERSON_TYPE_ROOT = 'اشخاص';
export const PERSON_TYPES = [
  { type: 'customer', title: 'مشتری' },
  { type: 'personnel', title: 'کارمندان' },
  { type: 'seller', title: 'فروشنده' },
  { type: 'provider', title: 'تامین‌کننده' },
] as const;

export const DEFAULT_UNIT = 'عدد';
export const DEFAULT_WAREHOUSE = 'انبار مرکزی';
/** A fresh install can record its first payment: one cash register exists from the start. */
export const DEFAULT_CASH_REGISTER = 'صندوق مرکزی';

/**
 * Creates a business with everything it needs to post its first document: administrator,
 * credentials for each surface, default warehouse (code 1) and unit, the standard chart of
 * accounts, the current fiscal year, the default cash register and the person-type tree.
 */
export async function createBusiness(tx: Tx, input: NewBusinessInput): Promise<NewBusiness> {
  const b = await tx.insertInto('businesses').values({ name: input.name }).returning('id').executeTakeFirstOrThrow();
  const businessId = Number(b.id);
  const adminUser = input.adminUser?.trim() || 'admin';
  const adminPassword = input.adminPassword || newPassword();
  const u = await tx
    .insertInto('users')
    .values({
      business_id: businessId,
      user_name: adminUser,
      user_name_norm: normalizeText(adminUser),
      full_name: 'مدیر سیستم',
      password_hash: await hashPassword(adminPassword),
      role: 'admin',
      is_owner: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const adminUserId = Number(u.id);
  const actor: Actor = { businessId, userId: adminUserId, role: 'admin', surface: 'system' };

  await tx
    .insertInto('warehouses')
    .values({ business_id: businessId, code: 1, name: DEFAULT_WAREHOUSE, name_norm: normalizeText(DEFAULT_WAREHOUSE), is_default: true })
    .execute();
  await tx.insertInto('units').values({ business_id: businessId, name: DEFAULT_UNIT, name_norm: normalizeText(DEFAULT_UNIT) }).execute();
  await seedChart(tx, businessId);
  await fiscalYearFor(tx, businessId, todayIso());
  await createCashRegister(tx, actor, { name: DEFAULT_CASH_REGISTER });

  const root = await tx
    .insertInto('party_groups')
    .values({ business_id: businessId, name: PERSON_TYPE_ROOT, name_norm: normalizeText(PERSON_TYPE_ROOT) })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const t of PERSON_TYPES) {
    await tx
      .insertInto('party_groups')
      .values({ business_id: businessId, name: t.title, name_norm: normalizeText(t.title), parent_id: Number(root.id) })
      .execute();
  }

  const apiToken = await issueCredential(tx, businessId, 'api', { userId: adminUserId, secret: input.apiToken, label: 'توکن اولیه (سیبا و برنامه‌ها؛ هنگام نصب چاپ شد)' });
  const hesabfaApiKey = await issueCredential(tx, businessId, 'hesabfa_api_key', { userId: adminUserId, secret: input.hesabfaApiKey });
  const hesabfaLoginToken = await issueCredential(tx, businessId, 'hesabfa_login_token', {
    userId: adminUserId,
    secret: input.hesabfaLoginToken,
  });
  const chortkeToken = await issueCredential(tx, businessId, 'chortke', { userId: adminUserId, secret: input.chortkeToken });
  await recordAudit(tx, actor, { action: 'create', entity: 'business', entityId: businessId, after: { name: input.name } });
  return { businessId, adminUserId, adminUser, adminPassword, apiToken, hesabfaApiKey, hesabfaLoginToken, chortkeToken };
}

/** The first business (the one a trusted loopback client acts for). */
export async function defaultBusiness(db: Kysely<DB>): Promise<number | null> {
  const r = await db.selectFrom('businesses').select('id').orderBy('id').executeTakeFirst();
  return r ? Number(r.id) : null;
}
