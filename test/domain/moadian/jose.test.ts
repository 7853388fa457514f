import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import * as jose from 'jose';
import {
  signJws, verifyJws, decryptJwe, invoicePacket, serverKeyFromSpki, authToken, type Signer,
} from '../../../src/domain/moadian/jose.js';

import { MOADIAN_VECTORS, sampleSigner } from '../../helpers/moadian-keys.js';

const V = MOADIAN_VECTORS.jose;
const b64uDecode = (s: string) => Buffer.from(s, 'base64url');
const tokenHeader = JSON.parse(V.officialAuthToken.protectedHeaderJson);
function signer(headerForm: 'sdk' | 'tics'): Signer {
  return sampleSigner(headerForm);
}

test('jose: the official signed-invoice vector is reproduced byte for byte (TICS 4-key and SDK 6-key headers)', async () => {
  const at = new Date(V.sampleInvoiceJws.sigT);
  const payload = b64uDecode(V.sampleInvoiceJws.jws.split('.')[1]);
  assert.equal(await signJws(new Uint8Array(payload), signer('tics'), at), V.sampleInvoiceJws.jws);
  assert.equal(await signJws(new Uint8Array(payload), signer('sdk'), at), V.sampleInvoiceJws.jwsSdkHeaderVariant);
});

test('jose: the official TICS auth token is re-signed byte for byte and verifies against its x5c', async () => {
  const token: string = V.officialAuthToken.token;
  const payload = b64uDecode(token.split('.')[1]!);
  assert.equal(await signJws(new Uint8Array(payload), signer('tics'), new Date(tokenHeader.sigT)), token);
  const verified = await verifyJws(token);
  assert.equal(JSON.parse(new TextDecoder().decode(verified.payload)).clientId, 'A11226');
  assert.match(verified.certificate.subject, /serialNumber=14003778990/);
});

test('jose: with the fixed CEK and IV the JWE segments equal the vector (jose parameters as the spec demands)', async () => {
  const d = V.deterministicJwe;
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwe = await new jose.CompactEncrypt(new TextEncoder().encode(V.sampleInvoiceJws.jws))
    .setProtectedHeader(JSON.parse(d.protectedJson))
    .setContentEncryptionKey(new Uint8Array(b64uDecode(d.cekB64u)))
    .setInitializationVector(new Uint8Array(b64uDecode(d.ivB64u)))
    .encrypt(publicKey);
  const [p, , iv, ct, tag] = jwe.split('.');
  assert.deepEqual([p, iv, ct, tag], [d.protected, d.ivB64u, d.ciphertextB64u, d.tagB64u]);
});

test('jose: a packet signed and encrypted to fresh server keys decrypts and verifies back to the invoice', async () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const to = serverKeyFromSpki('key-1', spki);
  const invoice = '{"header":{"taxid":"A111H104EA6001D0B32AC6","tbill":123456789012345678},"body":[],"payments":[]}';
  const packet = await invoicePacket(invoice, 'a111h1', signer('sdk'), to);
  assert.equal(packet.header.fiscalId, 'A111H1');
  assert.match(packet.header.requestTraceId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.deepEqual(jose.decodeProtectedHeader(packet.payload), { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'key-1' });
  assert.equal(packet.payload.split('.').length, 5);
  const { plaintext, kid } = await decryptJwe(packet.payload, privateKey);
  assert.equal(kid, 'key-1');
  const header = jose.decodeProtectedHeader(plaintext);
  assert.deepEqual(Object.keys(header), ['alg', 'x5c', 'sigT', 'typ', 'crit', 'cty']);
  assert.match(String(header.sigT), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const verified = await verifyJws(plaintext);
  assert.equal(new TextDecoder().decode(verified.payload), invoice);
  // a different server key cannot open it
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  await assert.rejects(decryptJwe(packet.payload, other));
});

test('jose: a tampered JWS is refused', async () => {
  const token = await authToken('n-1', 'A111H1', signer('sdk'));
  const [h, p, s] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ nonce: 'n-2', clientId: 'A111H1' })).toString('base64url');
  await assert.rejects(verifyJws([h, forged, s].join('.')));
  assert.equal(JSON.parse(new TextDecoder().decode((await verifyJws([h, p, s].join('.'))).payload)).nonce, 'n-1');
});
