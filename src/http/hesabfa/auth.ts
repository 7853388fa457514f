import type { FastifyRequest } from 'fastify';
import { authenticateSecret, ownerOf, verifyUserPassword } from '../../domain/auth/credentials.js';
import type { Actor } from '../../domain/context.js';
import { DomainError } from '../../domain/errors.js';
import { field } from './body.js';

function authError(code: number, fa: string, en: string): DomainError {
  return new DomainError('UNAUTHENTICATED', { fa, en, details: { hesabfaCode: code } });
}

/**
 * apiKey identifies the business (113 absent, 107 unknown). A non-empty loginToken must be that
 * business's token, and then userId/password are ignored whatever their type (the WooCommerce
 * plugin sends false). Without one, userId/password must be the owner's login (106).
 */
export async function hesabfaActor(req: FastifyRequest): Promise<Actor> {
  const db = req.server.deps.database.db;
  const body = req.body;
  const apiKey = field(body, 'apiKey');
  if (typeof apiKey !== 'string' || apiKey.trim() === '') throw authError(113, 'پارامتر apiKey ارسال نشده است', 'apiKey is missing');
  const key = await authenticateSecret(db, apiKey.trim(), ['hesabfa_api_key']);
  if (!key) throw authError(107, 'کسب‌وکاری با این apiKey یافت نشد', 'No business has this apiKey');
  const business = await db.selectFrom('businesses').select('api_enabled').where('id', '=', key.businessId).executeTakeFirst();
  if (!business?.api_enabled) throw authError(105, 'دسترسی API این کسب‌وکار غیرفعال است', 'API access is disabled');

  const loginToken = field(body, 'loginToken');
  if (typeof loginToken === 'string' && loginToken.trim() !== '') {
    const t = await authenticateSecret(db, loginToken.trim(), ['hesabfa_login_token']);
    if (!t || t.businessId !== key.businessId) throw authError(106, 'loginToken نامعتبر است', 'Invalid loginToken');
    return { businessId: key.businessId, userId: t.userId, role: t.role, surface: 'hesabfa' };
  }
  const userId = field(body, 'userId');
  const password = field(body, 'password');
  if (typeof userId !== 'string' || typeof password !== 'string' || userId === '' || password === '') {
    throw authError(106, 'loginToken یا userId و password مالک کسب‌وکار لازم است', 'loginToken or the owner\'s userId/password is required');
  }
  const user = await verifyUserPassword(db, key.businessId, userId, password);
  if (!user || !user.isOwner) throw authError(106, 'کاربر مالک کسب‌وکار نیست یا رمز عبور نادرست است', 'User is not the business owner');
  const owner = await ownerOf(db, key.businessId);
  return { businessId: key.businessId, userId: owner?.userId ?? user.userId, role: user.role, surface: 'hesabfa' };
}
