import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { fail } from '../errors.js';
import { open, seal } from './secret-box.js';
import { selectSettings, takeSerial, upsertSettings } from './repository.js';
import type { Signer } from './jose.js';

/** A business's Moadian settings; the private key is sealed before it reaches the database. */
export interface MoadianSettingsInput {
  fiscalId: string; economicCode: string; certificatePem: string; privateKeyPem: string; baseUrl: string; startsOn: string;
}

const aadOf = (businessId: number) => `moadian-key:${businessId}`;

export async function saveMoadianSettings(db: Kysely<DB>, businessId: number, input: MoadianSettingsInput, secretKey: Buffer): Promise<void> {
  const fiscalId = input.fiscalId.toUpperCase();
  if (!/^[A-Z0-9]{6}$/.test(fiscalId)) throw fail.validation('fiscalId');
  if (!/^(\d{11}|\d{14})$/.test(input.economicCode)) throw fail.validation('economicCode');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(input.certificatePem);
    createPrivateKey(input.privateKeyPem);
  } catch {
    throw fail.validation('certificatePem');
  }
  const sealed = seal(Buffer.from(input.privateKeyPem, 'utf8'), secretKey, aadOf(businessId));
  await upsertSettings(db, {
    business_id: businessId, fiscal_id: fiscalId, economic_code: input.economicCode, certificate_der: cert.raw,
    private_key_iv: sealed.iv, private_key_ciphertext: sealed.ciphertext, private_key_tag: sealed.tag,
    base_url: input.baseUrl, starts_on: input.startsOn,
  }).execute();
}

/** The signer of a business (key opened with the secret key); null when Moadian is not configured. */
export async function loadMoadianSigner(db: Kysely<DB>, businessId: number, secretKey: Buffer): Promise<(Signer & { fiscalId: string }) | null> {
  const row = await selectSettings(db, businessId).executeTakeFirst();
  if (!row) return null;
  const pem = open({ iv: Buffer.from(row.private_key_iv), ciphertext: Buffer.from(row.private_key_ciphertext), tag: Buffer.from(row.private_key_tag) }, secretKey, aadOf(businessId));
  return { fiscalId: row.fiscal_id, privateKey: createPrivateKey(pem.toString('utf8')), certificate: new X509Certificate(Buffer.from(row.certificate_der)) };
}

/** The next taxid serial of the business's fiscal memory (call inside the invoice's transaction). */
export async function nextMoadianSerial(db: Kysely<DB>, businessId: number): Promise<bigint> {
  const row = await takeSerial(db, businessId).executeTakeFirst();
  if (!row) throw fail.missing('moadianSettings');
  return BigInt(String(row.serial));
}
