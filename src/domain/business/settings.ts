import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { authorize } from '../auth/permissions.js';
import { fail } from '../errors.js';
import { DEFAULT_VAT_RATES } from '../invoicing/vat.js';
import { economicCode, legalNationalId, nationalCode, postalCode } from '../shared/identifiers.js';
import type { IsoDate } from '../shared/dates.js';
import { toAsciiDigits } from '../shared/text.js';

/**
 * The business's settings (daftar-api.md `settings`): what its invoices print (name, address,
 * identifiers, logo), how amounts are shown (Rial or Toman: display only, the books stay in
 * Rial), whether stock and cash may go negative, and the VAT table in force (read here; the
 * statutory table unless the business has its own rows).
 */
export interface BusinessSettings {
  name: string;
  address: string;
  phone: string;
  economicCode: string;
  nationalId: string;
  postalCode: string;
  logo: string | null;
  currencyDisplay: 'rial' | 'toman';
  allowNegativeStock: boolean;
  allowNegativeCash: boolean;
  vatRates: { validFrom: IsoDate; rate: string }[];
}

export type SettingsInput = Omit<BusinessSettings, 'vatRates'>;

/** A logo is printed on every invoice: a small image, inline as a data URL. */
export const LOGO_MAX_BYTES = 256 * 1024;
const LOGO_RE = /^data:image\/(png|jpeg|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;

export async function getSettings(db: Kysely<DB>, actor: Actor): Promise<BusinessSettings> {
  // Every role reads them: the console shows the business's name and its currency display.
  const b = await db.selectFrom('businesses').selectAll().where('id', '=', actor.businessId).executeTakeFirstOrThrow();
  const own = await db
    .selectFrom('vat_rates')
    .select(['valid_from', 'rate'])
    .where('business_id', '=', actor.businessId)
    .orderBy('valid_from')
    .execute();
  return {
    name: b.name,
    address: b.address,
    phone: b.phone,
    economicCode: b.economic_code,
    nationalId: b.national_id,
    postalCode: b.postal_code,
    logo: b.logo,
    currencyDisplay: b.currency_display as 'rial' | 'toman',
    allowNegativeStock: b.allow_negative_stock,
    allowNegativeCash: b.allow_negative_money,
    vatRates: own.length ? own.map((r) => ({ validFrom: String(r.valid_from).slice(0, 10) as IsoDate, rate: String(r.rate) })) : DEFAULT_VAT_RATES,
  };
}

function text(v: string, field: string, max: number): string {
  const t = v.trim();
  if (t.length > max) throw fail.with('TEXT_TOO_LONG', { field, max });
  return t;
}

function checkedInput(input: SettingsInput): SettingsInput {
  const name = text(input.name, 'name', 200);
  if (!name) throw fail.missing('name');
  const nid = toAsciiDigits(input.nationalId).trim();
  const logo = input.logo === null || input.logo === '' ? null : input.logo;
  if (logo !== null && (!LOGO_RE.test(logo) || (logo.length * 3) / 4 > LOGO_MAX_BYTES * 1.02)) {
    throw fail.with('SETTINGS_LOGO_INVALID', { field: 'logo', maxKb: LOGO_MAX_BYTES / 1024 });
  }
  return {
    ...input,
    name,
    address: text(input.address, 'address', 500),
    phone: text(toAsciiDigits(input.phone), 'phone', 50),
    economicCode: economicCode(input.economicCode, 'economicCode'),
    nationalId: nid.length === 10 ? nationalCode(nid, 'nationalId') : legalNationalId(nid, 'nationalId'),
    postalCode: postalCode(input.postalCode, 'postalCode'),
    logo,
  };
}

/** Replaces the editable settings (PUT): every field given, each validated and named when wrong. */
export async function updateSettings(tx: Tx, actor: Actor, input: SettingsInput): Promise<BusinessSettings> {
  authorize(actor, 'settings.write');
  const s = checkedInput(input);
  const before = await getSettings(tx, actor);
  await tx
    .updateTable('businesses')
    .set({
      name: s.name,
      address: s.address,
      phone: s.phone,
      economic_code: s.economicCode,
      national_id: s.nationalId,
      postal_code: s.postalCode,
      logo: s.logo,
      currency_display: s.currencyDisplay,
      allow_negative_stock: s.allowNegativeStock,
      allow_negative_money: s.allowNegativeCash,
    })
    .where('id', '=', actor.businessId)
    .execute();
  const after = await getSettings(tx, actor);
  const brief = ({ logo, ...rest }: BusinessSettings) => ({ ...rest, logo: logo ? `${logo.length} chars` : null });
  await recordAudit(tx, actor, { action: 'update', entity: 'settings', entityId: actor.businessId, before: brief(before), after: brief(after) });
  return after;
}
