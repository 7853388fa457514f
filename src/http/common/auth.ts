import type { FastifyRequest } from 'fastify';
import { authenticateSecret, ownerOf, type CredentialKind } from '../../domain/auth/credentials.js';
import { defaultBusiness } from '../../domain/business/bootstrap.js';
import type { Actor, Surface } from '../../domain/context.js';
import { fail } from '../../domain/errors.js';
import { isLocalRequest } from './forwarded.js';

export function bearerToken(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : '';
}

/** Resolves `Authorization: Bearer …` to an actor of the token's business, or throws 401. */
export async function actorFromBearer(req: FastifyRequest, kinds: CredentialKind[], surface: Surface): Promise<Actor | null> {
  const token = bearerToken(req);
  if (token === undefined) return null;
  const p = token ? await authenticateSecret(req.server.deps.database.db, token, kinds) : null;
  if (!p) throw fail.with('AUTH_TOKEN_INVALID');
  return { businessId: p.businessId, userId: p.userId, role: p.role, surface };
}

const trustedOwner = new WeakMap<object, Promise<Actor | null>>();

/**
 * Trust mode (Siba clients send no credentials): only when the server listens on a loopback
 * address, DAFTAR_TRUST_LOOPBACK is on, and the request comes from this machine (isLocalRequest:
 * a loopback peer and no forwarding header). The caller acts as the default business's administrator.
 */
export async function trustedLoopbackActor(req: FastifyRequest, surface: Surface): Promise<Actor | null> {
  const { config, loopbackBind } = req.server.deps;
  if (!config.trustLoopback || !loopbackBind) return null;
  if (!isLocalRequest(req)) return null;
  let p = trustedOwner.get(req.server);
  if (!p) {
    p = (async () => {
      const db = req.server.deps.database.db;
      const businessId = await defaultBusiness(db);
      if (businessId === null) return null;
      const owner = await ownerOf(db, businessId);
      return { businessId, userId: owner?.userId ?? null, role: owner?.role ?? 'admin', surface } satisfies Actor;
    })();
    trustedOwner.set(req.server, p);
    p.then((a) => a ?? trustedOwner.delete(req.server), () => trustedOwner.delete(req.server));
  }
  const a = await p;
  return a ? { ...a, surface } : null;
}
