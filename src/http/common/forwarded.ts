import type { FastifyRequest } from 'fastify';
import { isLoopbackHost } from '../../config.js';

/** Headers by which a proxy says the request came from someone else. */
const FORWARDING = /^(x-forwarded-.*|forwarded|x-real-ip|via|true-client-ip|x-client-ip|cf-connecting-ip|x-cluster-client-ip|fastly-client-ip|x-original-forwarded-for)$/;

/** The client addresses the forwarding headers claim (X-Forwarded-For, X-Real-IP, Forwarded for=…). */
function claimedClients(req: FastifyRequest): string[] {
  const out: string[] = [];
  const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(',') : (v ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
  out.push(...list(req.headers['x-forwarded-for']), ...list(req.headers['x-real-ip']));
  for (const part of list(req.headers.forwarded)) {
    for (const pair of part.split(';')) {
      const m = /^\s*for\s*=\s*"?\[?([^\]"]*)\]?(?::\d+)?"?\s*$/i.exec(pair);
      if (m) out.push(m[1]);
    }
  }
  return out;
}

/**
 * Whether the request really comes from this machine, for trust mode. The connecting address must
 * be loopback; a same-host reverse proxy connects from loopback for everyone, so any forwarding
 * header means "not local" — unless the peer is a trusted proxy (DAFTAR_TRUSTED_PROXIES) and
 * every client address it names is loopback too.
 */
export function isLocalRequest(req: FastifyRequest): boolean {
  const peer = req.socket.remoteAddress ?? '';
  if (!isLoopbackHost(peer)) return false;
  if (!Object.keys(req.headers).some((h) => FORWARDING.test(h))) return true;
  if (req.server.deps.config.trustedProxies.length === 0) return false;
  // Fastify's trustProxy walked X-Forwarded-For: req.ip is the peer itself if it is not a listed proxy.
  const peerTrusted = req.ips !== undefined && req.ips.length > 1;
  const claims = claimedClients(req);
  return peerTrusted && claims.length > 0 && claims.every(isLoopbackHost) && isLoopbackHost(req.ip);
}
