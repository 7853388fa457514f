import { readFileSync } from 'node:fs';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { Signer } from '../../src/domain/moadian/jose.js';

/** The Moadian vectors (copy of /work/shared/spec/moadian-vectors.json). */
export const MOADIAN_VECTORS = JSON.parse(readFileSync(new URL('../domain/moadian/moadian-vectors.json', import.meta.url), 'utf8'));
const tokenHeader = JSON.parse(MOADIAN_VECTORS.jose.officialAuthToken.protectedHeaderJson);

/**
 * The published sample key + certificate (TICS appendix; subject serialNumber 14003778990; expired, authenticates
 * to nothing real). node:crypto cannot issue X.509 certificates, so tests sign with this pair.
 */
export const SAMPLE_CERT = new X509Certificate(Buffer.from(tokenHeader.x5c[0], 'base64'));
export const SAMPLE_KEY = createPrivateKey(MOADIAN_VECTORS.jose.officialAuthToken.samplePrivateKeyPkcs8Pem);
export const SAMPLE_NATIONAL_ID = '14003778990';

export function sampleSigner(headerForm: 'sdk' | 'tics' = 'sdk'): Signer {
  return { privateKey: SAMPLE_KEY, certificate: SAMPLE_CERT, headerForm };
}
