import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * AES-256-GCM for secrets at rest (the Moadian signing key). The 32-byte key lives in a file outside
 * the database (DAFTAR_SECRET_KEY_FILE: 32 raw bytes, or 64 hex / 44 base64 characters), so a stolen
 * database or backup alone does not reveal the signing key.
 */
export interface Sealed { iv: Buffer; ciphertext: Buffer; tag: Buffer }

export function readSecretKey(file = process.env.DAFTAR_SECRET_KEY_FILE): Buffer {
  if (!file) throw new Error('DAFTAR_SECRET_KEY_FILE is not set');
  const raw = readFileSync(file);
  if (raw.length === 32) return raw;
  const text = raw.toString('utf8').trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('DAFTAR_SECRET_KEY_FILE must hold a 256-bit key');
  return key;
}

export function seal(plain: Buffer, key: Buffer, aad: string): Sealed {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([c.update(plain), c.final()]);
  return { iv, ciphertext, tag: c.getAuthTag() };
}

/** Throws when the key is wrong or the row was tampered with (GCM tag), or moved to another business (AAD). */
export function open(sealed: Sealed, key: Buffer, aad: string): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, sealed.iv).setAAD(Buffer.from(aad)).setAuthTag(sealed.tag);
  return Buffer.concat([d.update(sealed.ciphertext), d.final()]);
}
