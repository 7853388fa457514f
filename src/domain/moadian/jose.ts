import * as jose from 'jose';
import { createPrivateKey, createPublicKey, X509Certificate, randomUUID, type KeyObject } from 'node:crypto';

/**
 * Moadian's JOSE layer (spec moadian.md §3.5), on the `jose` library (no hand-written crypto):
 * - JWS RS256 with the signing certificate in `x5c` (standard base64 DER), `sigT` (UTC, seconds) and `crit: ["sigT"]`;
 *   used for the auth token and for the invoice.
 * - JWE RSA-OAEP-256 + A256GCM of the compact invoice JWS to one of the server's public keys (`kid` = its id).
 */
export interface Signer {
  privateKey: KeyObject;
  certificate: X509Certificate;
  /** 'sdk' = the official SDKs' 6-key header {alg,x5c,sigT,typ,crit,cty} (default); 'tics' = the document's 4-key form. */
  headerForm?: 'sdk' | 'tics';
}

export function signerFromPem(privateKeyPem: string, certificatePemOrDer: string | Buffer, headerForm: 'sdk' | 'tics' = 'sdk'): Signer {
  return { privateKey: createPrivateKey(privateKeyPem), certificate: new X509Certificate(certificatePemOrDer), headerForm };
}

/** `yyyy-MM-ddTHH:mm:ssZ` in UTC, as the Java SDK writes it. */
export function sigTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function protectedHeader(signer: Signer, sigT: string): jose.CompactJWSHeaderParameters {
  const x5c = [signer.certificate.raw.toString('base64')];
  // key order matters for byte-exact signatures (RS256 is deterministic): see the vectors
  return signer.headerForm === 'tics'
    ? ({ crit: ['sigT'], sigT, x5c, alg: 'RS256' } as unknown as jose.CompactJWSHeaderParameters)
    : { alg: 'RS256', x5c, sigT, typ: 'jose', crit: ['sigT'], cty: 'text/plain' };
}

export async function signJws(payload: string | Uint8Array, signer: Signer, at: Date = new Date()): Promise<string> {
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  return new jose.CompactSign(bytes)
    .setProtectedHeader(protectedHeader(signer, sigTime(at)))
    .sign(signer.privateKey, { crit: { sigT: true } });
}

export interface VerifiedJws {
  payload: Uint8Array;
  certificate: X509Certificate;
  sigT: string;
}

/** Verifies a Moadian JWS against the certificate in its own x5c (chain/OCSP checks are the server's, not ours). */
export async function verifyJws(compact: string): Promise<VerifiedJws> {
  const header = jose.decodeProtectedHeader(compact);
  const der = header.x5c?.[0];
  if (typeof der !== 'string') throw new Error('JWS has no x5c certificate');
  const certificate = new X509Certificate(Buffer.from(der, 'base64'));
  const { payload } = await jose.compactVerify(compact, certificate.publicKey, { algorithms: ['RS256'], crit: { sigT: true } });
  return { payload, certificate, sigT: String(header.sigT) };
}

export interface ServerKey {
  id: string;
  key: KeyObject;
}

/** A server-information public key (base64 SPKI DER). */
export function serverKeyFromSpki(id: string, spkiBase64: string): ServerKey {
  return { id, key: createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' }) };
}

export async function encryptJwe(compactJws: string, to: ServerKey): Promise<string> {
  return new jose.CompactEncrypt(new TextEncoder().encode(compactJws))
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: to.id })
    .encrypt(to.key);
}

export async function decryptJwe(compactJwe: string, privateKey: KeyObject): Promise<{ plaintext: string; kid: string | undefined }> {
  const { plaintext, protectedHeader } = await jose.compactDecrypt(compactJwe, privateKey, {
    keyManagementAlgorithms: ['RSA-OAEP-256'],
    contentEncryptionAlgorithms: ['A256GCM'],
  });
  return { plaintext: new TextDecoder().decode(plaintext), kid: protectedHeader.kid };
}

export interface Packet {
  payload: string;
  header: { requestTraceId: string; fiscalId: string };
}

/** One POST /invoice packet: the invoice JSON signed (JWS), the JWS encrypted (JWE), a fresh uuid as trace id (= inquiry uid). */
export async function invoicePacket(invoiceJson: string, fiscalId: string, signer: Signer, to: ServerKey, at?: Date): Promise<Packet> {
  const jws = await signJws(invoiceJson, signer, at);
  return { payload: await encryptJwe(jws, to), header: { requestTraceId: randomUUID(), fiscalId: fiscalId.toUpperCase() } };
}

/** The auth token: `{nonce, clientId}` signed as a JWS (single use: a fresh nonce per request). */
export async function authToken(nonce: string, clientId: string, signer: Signer, at?: Date): Promise<string> {
  return signJws(JSON.stringify({ nonce, clientId }), signer, at);
}
