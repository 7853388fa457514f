import { createPublicKey, createPrivateKey, X509Certificate } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { fail } from '../errors.js';
import { authorize } from '../auth/permissions.js';
import { parseDate } from '../shared/dates.js';
import { saveMoadianSettings } from './settings.js';
import { selectSettings, updatePlainSettings } from './repository.js';

/**
 * The settings as the admin reads and writes them. The private key and certificate are accepted
 * (PEM), sealed with the server's secret key (DAFTAR_SECRET_KEY_FILE) and never returned: a reply
 * says only `privateKeyConfigured` and the certificate's subject and expiry.
 */
export interface MoadianSettingsView {
  fiscalId: string; economicCode: string; baseUrl: string; startsOn: string; defaultInvoiceType: 1 | 2; sendOnPosting: boolean;
  privateKeyConfigured: boolean; certificateSubject: string | null; certificateValidTo: string | null; nextSerial: number;
}

export interface MoadianSettingsPut {
  fiscalId: string; economicCode: string; baseUrl: string; startsOn: unknown; defaultInvoiceType?: 1 | 2;
  /** absent = keep the stored choice (off for new settings) */
  sendOnPosting?: boolean;
  privateKeyPem?: string; certificatePem?: string;
}

export async function getMoadianSettings(db: Kysely<DB>, actor: Actor): Promise<MoadianSettingsView | null> {
  authorize(actor, 'settings.write');
  const r = await selectSettings(db, actor.businessId).executeTakeFirst();
  if (!r) return null;
  const cert = new X509Certificate(Buffer.from(r.certificate_der));
  return {
    fiscalId: r.fiscal_id, economicCode: r.economic_code, baseUrl: r.base_url, startsOn: r.starts_on, defaultInvoiceType: r.default_invoice_type as 1 | 2,
    sendOnPosting: r.send_on_posting, privateKeyConfigured: true, certificateSubject: cert.subject, certificateValidTo: new Date(cert.validTo).toISOString(), nextSerial: Number(r.next_serial),
  };
}

/** The key must sign for the certificate: a mismatched pair would be refused by Moadian on every invoice. */
function checkPair(privateKeyPem: string, certificatePem: string): void {
  let cert: X509Certificate;
  let pub: string;
  try {
    pub = createPublicKey(createPrivateKey(privateKeyPem)).export({ format: 'der', type: 'spki' }).toString('base64');
  } catch {
    throw fail.with('MOADIAN_KEY_INVALID', { field: 'privateKeyPem' });
  }
  try {
    cert = new X509Certificate(certificatePem);
  } catch {
    throw fail.with('MOADIAN_KEY_INVALID', { field: 'certificatePem' });
  }
  if (cert.publicKey.export({ format: 'der', type: 'spki' }).toString('base64') !== pub) throw fail.with('MOADIAN_KEY_INVALID', { field: 'certificatePem' });
}

function checkBaseUrl(v: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw fail.validation('baseUrl');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw fail.validation('baseUrl');
  return v;
}

export async function putMoadianSettings(tx: Tx, actor: Actor, input: MoadianSettingsPut, secretKey: Buffer | null): Promise<MoadianSettingsView> {
  authorize(actor, 'settings.write');
  const startsOn = parseDate(input.startsOn, 'startsOn');
  const baseUrl = checkBaseUrl(input.baseUrl);
  const hasKey = input.privateKeyPem !== undefined || input.certificatePem !== undefined;
  if (hasKey) {
    if (input.privateKeyPem === undefined) throw fail.with('MOADIAN_KEY_REQUIRED', { field: 'privateKeyPem' });
    if (input.certificatePem === undefined) throw fail.with('MOADIAN_KEY_REQUIRED', { field: 'certificatePem' });
    if (!secretKey) throw fail.with('MOADIAN_SECRET_KEY_MISSING', {});
    checkPair(input.privateKeyPem, input.certificatePem);
    await saveMoadianSettings(tx, actor.businessId, { ...input, baseUrl, startsOn, privateKeyPem: input.privateKeyPem, certificatePem: input.certificatePem }, secretKey);
  } else if (!(await selectSettings(tx, actor.businessId).executeTakeFirst())) {
    throw fail.with('MOADIAN_KEY_REQUIRED', { field: 'privateKeyPem' });
  }
  const fiscalId = input.fiscalId.toUpperCase();
  if (!/^[A-Z0-9]{6}$/.test(fiscalId)) throw fail.validation('fiscalId');
  if (!/^(\d{11}|\d{14})$/.test(input.economicCode)) throw fail.validation('economicCode');
  await updatePlainSettings(tx, actor.businessId, {
    fiscal_id: fiscalId, economic_code: input.economicCode, base_url: baseUrl, starts_on: startsOn, default_invoice_type: input.defaultInvoiceType ?? 1, send_on_posting: input.sendOnPosting,
  }).execute();
  return (await getMoadianSettings(tx, actor))!;
}
