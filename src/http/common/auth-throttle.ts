import type { FastifyRequest } from 'fastify';
import { fail, isDomainError } from '../../domain/errors.js';

/**
 * Failed authentications per client address, across all three surfaces. The per-credential
 * rate limiters cannot stop guessing (every guess is a new credential), so after `max` failures
 * in a minute that address's further failures get 429 until the window passes. Valid credentials
 * are never throttled (throttledAuth). Bounded memory: the oldest addresses are forgotten first.
 */
export class AuthFailureThrottle {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();
  constructor(
    private readonly max: number,
    private readonly windowMs = 60_000,
    private readonly capacity = 50_000,
  ) {}

  isBlocked(key: string, now = Date.now()): boolean {
    const f = this.failures.get(key);
    if (!f) return false;
    if (f.resetAt <= now) {
      this.failures.delete(key);
      return false;
    }
    return f.count >= this.max;
  }

  record(key: string, now = Date.now()): void {
    const f = this.failures.get(key);
    if (f && f.resetAt > now) {
      f.count++;
      return;
    }
    this.failures.delete(key);
    if (this.failures.size >= this.capacity) this.failures.delete(this.failures.keys().next().value as string);
    this.failures.set(key, { count: 1, resetAt: now + this.windowMs });
  }
}

const tooMany = () => fail.with('AUTH_THROTTLED');

/**
 * Runs a surface's authentication under the throttle. Only failures are throttled: a valid token
 * (or a trusted loopback call) goes through even from a blocked address, since a random secret
 * cannot be guessed; a blocked address's failures answer 429 instead of 401. A password is
 * guessable, so `guessable` credentials are refused on a blocked address even when right.
 */
export async function throttledAuth<T>(req: FastifyRequest, authenticate: () => Promise<T>, opts: { guessable?: boolean } = {}): Promise<T> {
  const throttle = req.server.deps.authFailures;
  if (opts.guessable && throttle.isBlocked(req.ip)) throw tooMany();
  try {
    return await authenticate();
  } catch (err) {
    if (!isDomainError(err) || err.code !== 'UNAUTHENTICATED') throw err;
    if (throttle.isBlocked(req.ip)) throw tooMany();
    throttle.record(req.ip);
    throw err;
  }
}
