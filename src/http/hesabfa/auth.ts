import type { FastifyRequest } from 'fastify';
import { authenticateSecret, ownerOf, verifyUserPassword } from '../../domain/auth/credentials.js';
import type { Actor } from '../../domain/context.js';
import { type DomainError, fail, type MessageKey, type Slots } from '../../domain/errors.js';
import { field } from './body.js';

/** A refusal carrying Hesabfa's own error number (hesabfa.md: 105, 106, 107, 113). */
function authError(code: number, key: MessageKey, slots: Slots = {}): DomainError {
  return fail.with(key, slots, { hesabfaCode: code });
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
  if (typeof apiKey !== 'string' || apiKey.trim() === '') throw authError(113, 'AUTH_PARAM_MISSING', { param: 'apiKey' });
  const key = await authenticateSecret(db, apiKey.trim(), ['hesabfa_api_key']);
  if (!key) throw authError(107, 'AUTH_API_KEY_UNKNOWN', { param: 'apiKey' });
  const business = await db.selectFrom('businesses').select('api_enabled').where('id', '=', key.businessId).executeTakeFirst();
  if (!business?.api_enabled) throw authError(105, 'AUTH_API_DISABLED');

  const loginToken = field(body, 'loginToken');
  if (typeof loginToken === 'string' && loginToken.trim() !== '') {
    const t = await authenticateSecret(db, loginToken.trim(), ['hesabfa_login_token']);
    if (!t || t.businessId !== key.businessId) throw authError(106, 'AUTH_PARAM_INVALID', { param: 'loginToken' });
    return { businessId: key.businessId, userId: t.userId, role: t.role, surface: 'hesabfa' };
  }
  const userId = field(body, 'userId');
  const password = field(body, 'password');
  if (typeof userId !== 'string' || typeof password !== 'string' || userId === '' || password === '') {
    throw authError(106, 'AUTH_OWNER_LOGIN_REQUIRED', { tokenParam: 'loginToken', userParam: 'userId', passwordParam: 'password' });
  }
  const user = await verifyUserPassword(db, key.businessId, userId, password);
  if (!user || !user.isOwner) throw authError(106, 'AUTH_NOT_OWNER');
  const owner = await ownerOf(db, key.businessId);
  return { businessId: key.businessId, userId: owner?.userId ?? user.userId, role: user.role, surface: 'hesabfa' };
}
