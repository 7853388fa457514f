import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../db/connection.js';
import type { Actor } from '../../domain/context.js';
import { DomainError } from '../../domain/errors.js';
import type { AuthFailureThrottle } from './auth-throttle.js';
import type { ChangeDeliverer } from '../../domain/changes/webhooks.js';
import type { LazyCompilers } from './lazy-compilers.js';

export interface AppDeps {
  database: Database;
  config: Config;
  /** true when the server was started listening on a loopback address (trust mode allowed). */
  loopbackBind: boolean;
  /** Failed authentications per client address (see auth-throttle.ts). */
  authFailures: AuthFailureThrottle;
  /** Issue 21: the change hook's deliverer (started with the app, stopped when it closes). */
  changeDeliverer: ChangeDeliverer;
  /** Route schemas compiled on first use (lazy-compilers.ts); the server warms them after listening. */
  schemaCompilers: LazyCompilers;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The authenticated actor of a request; the surface's auth hook has set it. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new DomainError('UNAUTHENTICATED');
  return req.actor;
}

export type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
