import { moadianCodeText } from './error-codes.js';
import { authToken, type Packet, type Signer, serverKeyFromSpki, type ServerKey } from './jose.js';

/**
 * Moadian protocol v2 client (spec moadian.md §3): a fresh nonce and token for EVERY call (tokens are
 * single use), global fetch with a timeout. Transport failures are `MoadianTransportError`: `retryable`
 * for 5xx, timeouts and network errors (send again later), not for 4xx (the caller's data/credentials).
 */
export const MAX_PACKETS_PER_REQUEST = 1000;
export const SANDBOX_URL = 'https://sandboxrc.tax.gov.ir/requestsmanager/api/v2';
export const PRODUCTION_URL = 'https://tp.tax.gov.ir/requestsmanager/api/v2';

export interface MoadianClientOptions {
  baseUrl: string; // ends with /api/v2
  clientId: string; // fiscal memory id
  signer: Signer;
  timeoutMs?: number;
}

export class MoadianTransportError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly codes: string[] = [],
  ) {
    super(message);
    this.name = 'MoadianTransportError';
  }
}

export interface SendResult { uid: string; referenceNumber: string }
export interface InquiryMessage { code: string; message: string; errorType: string }
export interface InquiryResult {
  referenceNumber: string;
  uid: string;
  status: 'SUCCESS' | 'FAILED' | 'IN_PROGRESS' | 'TIMEOUT' | 'NOT_FOUND';
  data: { error?: InquiryMessage[]; warning?: InquiryMessage[]; success?: boolean } | null;
  fiscalId?: string;
  sign?: string;
}

export class MoadianClient {
  constructor(private readonly opts: MoadianClientOptions) {}

  private async call(method: 'GET' | 'POST', path: string, query: [string, string][] = [], body?: unknown, auth = true): Promise<unknown> {
    const url = new URL(`${this.opts.baseUrl.replace(/\/$/, '')}/${path}`);
    for (const [k, v] of query) url.searchParams.append(k, v);
    const headers: Record<string, string> = { accept: '*/*' };
    if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    if (auth) headers.authorization = `Bearer ${await this.token()}`;
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000) });
    } catch (e) {
      const timeout = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      throw new MoadianTransportError(timeout ? `Moadian ${path}: timeout` : `Moadian ${path}: network error`, true);
    }
    return readReply(res, path);
  }

  private async token(): Promise<string> {
    const { nonce } = await this.nonce();
    return authToken(nonce, this.opts.clientId.toUpperCase(), this.opts.signer);
  }

  async nonce(timeToLive = 30): Promise<{ nonce: string; expDate: string }> {
    return (await this.call('GET', 'nonce', [['timeToLive', String(timeToLive)]], undefined, false)) as { nonce: string; expDate: string };
  }

  async serverInformation(): Promise<{ serverTime: number; publicKeys: ServerKey[] }> {
    const r = (await this.call('GET', 'server-information')) as { serverTime: number; publicKeys: { id: string; key: string }[] };
    return { serverTime: r.serverTime, publicKeys: r.publicKeys.map((k) => serverKeyFromSpki(k.id, k.key)) };
  }

  /** Sends packets in requests of at most 1000 (EC 4143); results in the packets' order. */
  async send(packets: Packet[]): Promise<SendResult[]> {
    const out: SendResult[] = [];
    for (let i = 0; i < packets.length; i += MAX_PACKETS_PER_REQUEST) {
      const r = (await this.call('POST', 'invoice', [], packets.slice(i, i + MAX_PACKETS_PER_REQUEST))) as { result: SendResult[] };
      out.push(...r.result.map(({ uid, referenceNumber }) => ({ uid, referenceNumber })));
    }
    return out;
  }

  async inquiryByReference(referenceIds: string[]): Promise<InquiryResult[]> {
    return this.inquire('inquiry-by-reference-id', referenceIds.map((id) => ['referenceIds', id]));
  }

  async inquiryByUid(uids: string[], fiscalId: string): Promise<InquiryResult[]> {
    return this.inquire('inquiry-by-uid', [...uids.map((u): [string, string] => ['uidList', u]), ['fiscalId', fiscalId.toUpperCase()]]);
  }

  /** At most 100 ids per request (EC 4141): larger lists are split. */
  private async inquire(path: string, params: [string, string][]): Promise<InquiryResult[]> {
    const ids = params.filter(([k]) => k !== 'fiscalId');
    const rest = params.filter(([k]) => k === 'fiscalId');
    const out: InquiryResult[] = [];
    for (let i = 0; i < ids.length; i += 100) out.push(...((await this.call('GET', path, [...ids.slice(i, i + 100), ...rest])) as InquiryResult[]));
    return out;
  }
}

async function readReply(res: Response, path: string): Promise<unknown> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (res.ok) return body;
  const codes = ((body as { errors?: { code: string }[] } | null)?.errors ?? []).map((e) => String(e.code));
  // 5xxx codes are the server's own failures (EC §2.1), 4102 a stale nonce: retry later, like any HTTP 5xx
  const retryable = res.status >= 500 || codes.some((c) => moadianCodeText(c).retryable);
  throw new MoadianTransportError(`Moadian ${path}: HTTP ${res.status}${codes.length ? ` (${codes.join(', ')})` : ''}`, retryable, res.status, codes);
}
