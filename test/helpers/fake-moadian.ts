import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { generateKeyPairSync, randomUUID, X509Certificate, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import * as jose from 'jose';
import { decryptJwe, verifyJws } from '../../src/domain/moadian/jose.js';
import { parseTaxid } from '../../src/domain/moadian/taxid.js';

/**
 * In-test fake Moadian server (spec moadian.md §4), loopback only: nonces, token auth, server keys,
 * POST invoice (decrypt + verify + content checks on first inquiry), inquiries, and test hooks.
 * Known gaps (by design): no CA chain/OCSP/CRL check of certificates; content checks cover the taxid
 * and the arithmetic, not every field rule of IITP Table 1.
 */
export interface FakeTaxpayer { nationalId: string; economicCode: string }
type Status = 'SUCCESS' | 'FAILED' | 'IN_PROGRESS' | 'TIMEOUT' | 'NOT_FOUND';
interface Stored { uid: string; referenceNumber: string; fiscalId: string; payload: string; status: Status; errors: { code: string; message: string; errorType: string }[]; sign: string; taxid?: string }

export interface FakeMoadian {
  url: string; // .../requestsmanager/api/v2
  orgKeyId: string;
  /** Every nonce issued, in order (a test can check one per call). */
  nonces: string[];
  stored: Map<string, Stored>;
  /** Hooks: the next inquiry's result is forced; the next N requests answer HTTP status; requests hang until close. */
  forceNext?: { status: 'FAILED'; errors: { code: string; message: string }[] } | { status: 'TIMEOUT' | 'IN_PROGRESS' };
  failNext: { status: number; code: string; count: number } | null;
  hang: boolean;
  /**
   * Stall every `POST invoice` (a kill lands mid-send): 'beforeStoring' never answers and keeps nothing;
   * 'afterStoring' keeps the packets (the server took them) and never answers. `stalledSends` counts them.
   */
  stallSend: 'beforeStoring' | 'afterStoring' | null;
  stalledSends: number;
  /** Resolves when the taxid of every packet received so far has been read (`stored[…].taxid`). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeMoadian(taxpayers: Record<string, FakeTaxpayer>): Promise<FakeMoadian> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const nonces = new Map<string, { exp: number; used: boolean }>();
  const hanging: ServerResponse[] = [];
  const reading = new Set<Promise<void>>();
  const fake: FakeMoadian = {
    url: '', orgKeyId: randomUUID(), nonces: [], stored: new Map(), failNext: null, hang: false, stallSend: null, stalledSends: 0,
    settled: async () => void (await Promise.all(reading)),
    close: async () => {
      for (const r of hanging) r.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
  const ctx = { fake, taxpayers, nonces, privateKey, publicKey, hanging, reading };
  const server: Server = createServer((req, res) => {
    if (fake.hang) return void hanging.push(res);
    handle(ctx, req, res).catch((e) => send(res, 500, { errors: [{ code: '5199', message: String(e) }] }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/requestsmanager/api/v2`;
  return fake;
}

interface Ctx { fake: FakeMoadian; taxpayers: Record<string, FakeTaxpayer>; nonces: Map<string, { exp: number; used: boolean }>; privateKey: KeyObject; publicKey: KeyObject; hanging: ServerResponse[]; reading: Set<Promise<void>> }

function send(res: ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
}
const httpError = (res: ServerResponse, status: number, code: string) =>
  send(res, status, { timestamp: Date.now(), requestTraceId: randomUUID(), errors: [{ code, message: `fake error ${code}` }] });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { fake } = ctx;
  if (fake.failNext && fake.failNext.count > 0) {
    fake.failNext.count -= 1;
    return httpError(res, fake.failNext.status, fake.failNext.code);
  }
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname.replace(/^\/requestsmanager\/api\/v2\//, '');
  if (path === 'nonce') return nonce(ctx, url, res);
  const authCode = await authenticate(ctx, req.headers.authorization);
  if (authCode === 401) return send(res, 401);
  if (authCode) return httpError(res, 401, authCode);
  if (path === 'server-information') {
    const key = ctx.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    return send(res, 200, { serverTime: Date.now(), publicKeys: [{ key, id: fake.orgKeyId, algorithm: 'RSA', purpose: 1 }] });
  }
  if (path === 'invoice' && req.method === 'POST') return receive(ctx, await readBody(req), res);
  if (path === 'inquiry-by-reference-id') return inquire(ctx, res, (s) => url.searchParams.getAll('referenceIds').includes(s.referenceNumber), url.searchParams.getAll('referenceIds'));
  if (path === 'inquiry-by-uid') return inquire(ctx, res, (s) => url.searchParams.getAll('uidList').includes(s.uid), url.searchParams.getAll('uidList'));
  return send(res, 404);
}

function nonce(ctx: Ctx, url: URL, res: ServerResponse): void {
  const ttl = Number(url.searchParams.get('timeToLive') ?? 30);
  if (!Number.isInteger(ttl) || ttl < 10 || ttl > 200) return httpError(res, 400, '4146');
  const value = `${randomUUID()}-${Date.now()}`;
  ctx.nonces.set(value, { exp: Date.now() + (ttl + 30) * 1000, used: false });
  ctx.fake.nonces.push(value);
  send(res, 200, { nonce: value, expDate: new Date(Date.now() + ttl * 1000).toISOString() });
}

/** The §4 step-2 checks; returns an EC code (or 401 for a missing token), null when authenticated. */
async function authenticate(ctx: Ctx, header: string | undefined): Promise<string | 401 | null> {
  const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  if (!token) return 401;
  let verified;
  try {
    jose.decodeProtectedHeader(token);
  } catch {
    return '4130';
  }
  try {
    verified = await verifyJws(token);
  } catch {
    return '4131';
  }
  const body = JSON.parse(new TextDecoder().decode(verified.payload)) as { nonce?: string; clientId?: string };
  if (!body.nonce || !body.clientId) return '4101';
  const n = ctx.nonces.get(body.nonce);
  if (!n || n.used || n.exp < Date.now()) return '4102';
  n.used = true;
  const taxpayer = ctx.taxpayers[body.clientId];
  if (!taxpayer) return '4110';
  if (serialNumberOf(verified.certificate) !== taxpayer.nationalId) return '4103';
  return null;
}

function serialNumberOf(cert: X509Certificate): string | undefined {
  return /serialNumber=([^\n,]+)/.exec(cert.subject)?.[1];
}

async function receive(ctx: Ctx, text: string, res: ServerResponse): Promise<void> {
  let packets: { payload?: string; header?: { requestTraceId?: string; fiscalId?: string } }[];
  try {
    packets = JSON.parse(text);
  } catch {
    return httpError(res, 400, '4144');
  }
  if (!Array.isArray(packets) || packets.length === 0) return httpError(res, 400, '4144');
  if (packets.length > 1000) return httpError(res, 400, '4143');
  const ids = packets.map((p) => p.header?.requestTraceId ?? '');
  if (packets.some((p) => !p.payload || !p.header?.requestTraceId || !p.header.fiscalId)) return httpError(res, 400, '4145');
  if (ids.some((id) => !/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(id))) return httpError(res, 400, '4162');
  if (new Set(ids).size !== ids.length) return httpError(res, 400, '4163');
  const stall = ctx.fake.stallSend;
  if (stall) ctx.fake.stalledSends += 1;
  if (stall === 'beforeStoring') return void ctx.hanging.push(res);
  const result = packets.map((p) => {
    const s: Stored = { uid: p.header!.requestTraceId!, referenceNumber: randomUUID(), fiscalId: p.header!.fiscalId!, payload: p.payload!, status: 'IN_PROGRESS', errors: [], sign: '' };
    ctx.fake.stored.set(s.referenceNumber, s);
    // the taxid is read off the answer's path (the answer stays as quick as before), for duplicate checks and tests
    ctx.reading.add(taxidOf(ctx, s));
    return { uid: s.uid, packetType: null, referenceNumber: s.referenceNumber, data: null };
  });
  if (stall === 'afterStoring') return void ctx.hanging.push(res);
  send(res, 200, { timestamp: Date.now(), result });
}

async function taxidOf(ctx: Ctx, s: Stored): Promise<void> {
  s.taxid ??= await innerPayload(ctx, s).then((t) => String(JSON.parse(t).header.taxid), () => undefined);
}

async function inquire(ctx: Ctx, res: ServerResponse, match: (s: Stored) => boolean, asked: string[]): Promise<void> {
  const found = [...ctx.fake.stored.values()].filter(match);
  for (const s of found) if (s.status === 'IN_PROGRESS') await process(ctx, s);
  const missing = asked.filter((id) => !found.some((s) => s.uid === id || s.referenceNumber === id));
  send(res, 200, [
    ...found.map((s) => ({
      referenceNumber: s.referenceNumber, uid: s.uid, status: s.status, fiscalId: s.fiscalId, sign: s.sign, packetType: 'receive_invoice_confirm',
      data: s.status === 'IN_PROGRESS' ? null : { error: s.errors, warning: [], success: s.status === 'SUCCESS' },
    })),
    ...missing.map((id) => ({ referenceNumber: id, uid: id, status: 'NOT_FOUND', data: null, sign: '' })),
  ]);
}

async function process(ctx: Ctx, s: Stored): Promise<void> {
  const forced = ctx.fake.forceNext;
  ctx.fake.forceNext = undefined;
  if (forced?.status === 'FAILED') return fail(s, forced.errors);
  if (forced) return void (s.status = forced.status);
  const errors = await check(ctx, s);
  if (errors.length) return fail(s, errors);
  s.status = 'SUCCESS';
  const taxId = JSON.parse(await innerPayload(ctx, s)).header.taxid;
  const receipt = JSON.stringify({ referenceNumber: s.referenceNumber, clientId: s.fiscalId, taxId, receivedDate: new Date().toISOString() });
  s.sign = await new jose.CompactSign(new TextEncoder().encode(receipt)).setProtectedHeader({ alg: 'RS256', sigT: new Date().toISOString() } as jose.CompactJWSHeaderParameters).sign(ctx.privateKey);
}

function fail(s: Stored, errors: { code: string; message: string }[]): void {
  s.status = 'FAILED';
  s.errors = errors.map((e) => ({ ...e, errorType: 'ERROR' }));
}

async function innerPayload(ctx: Ctx, s: Stored): Promise<string> {
  const { plaintext } = await decryptJwe(s.payload, ctx.privateKey);
  return new TextDecoder().decode((await verifyJws(plaintext)).payload);
}

/** Decrypt, verify, then the content rules the fake knows: taxid, arithmetic, header sums (exact). */
async function check(ctx: Ctx, s: Stored): Promise<{ code: string; message: string }[]> {
  let plaintext: string;
  try {
    const r = await decryptJwe(s.payload, ctx.privateKey);
    if (r.kid !== ctx.fake.orgKeyId) return [{ code: '04150', message: 'unknown kid' }];
    plaintext = r.plaintext;
  } catch {
    return [{ code: '04150', message: 'JWE malformed' }];
  }
  let verified;
  try {
    verified = await verifyJws(plaintext);
  } catch {
    return [{ code: '04131', message: 'invoice signature invalid' }];
  }
  if (serialNumberOf(verified.certificate) !== ctx.taxpayers[s.fiscalId]?.nationalId) return [{ code: '04132', message: 'no permission for fiscal id' }];
  await taxidOf(ctx, s);
  const errors = contentErrors(JSON.parse(new TextDecoder().decode(verified.payload)), s.fiscalId);
  // a taxid is accepted once (IITP §8-1 rule 1): a packet resent after its twin was accepted is refused
  // (code by the EC pattern: 0 error, 5 duplicate, field 01 taxid)
  if ([...ctx.fake.stored.values()].some((o) => o !== s && o.taxid === s.taxid && o.status === 'SUCCESS')) errors.push({ code: '050101', message: 'duplicate taxid' });
  return errors;
}

type Num = number | string;
function contentErrors(inv: { header: Record<string, Num>; body: Record<string, Num>[] }, fiscalId: string): { code: string; message: string }[] {
  const errors: { code: string; message: string }[] = [];
  const h = inv.header;
  const t = parseTaxid(String(h.taxid));
  if (!t || t.fiscalId !== fiscalId || t.day !== Math.floor(Number(h.indatim) / 86_400_000)) errors.push({ code: '010101', message: 'taxid invalid' });
  const big = (v: Num | undefined) => BigInt(String(v ?? 0));
  const sums = { tprdis: 0n, tdis: 0n, tadis: 0n, tvam: 0n, tbill: 0n };
  for (const l of inv.body) {
    if (big(l.adis) !== big(l.prdis) - big(l.dis) || big(l.tsstam) !== big(l.adis) + big(l.vam)) errors.push({ code: '022707', message: 'line arithmetic' });
    sums.tprdis += big(l.prdis); sums.tdis += big(l.dis); sums.tadis += big(l.adis); sums.tvam += big(l.vam); sums.tbill += big(l.tsstam);
  }
  for (const [k, v] of Object.entries(sums)) if (big(h[k]) !== v) errors.push({ code: '021301', message: `header ${k} ≠ Σ lines` });
  if (h.setm !== undefined && ![1, 2, 3].includes(Number(h.setm))) errors.push({ code: '012802', message: 'مقدار وارد شده در فیلد «روش تسویه» جز مقادیر مجاز نیست' });
  return errors;
}
