import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/** SQL of the Moadian module (settings and the serial counter). */
export interface SettingsRow {
  business_id: number; fiscal_id: string; economic_code: string; certificate_der: Buffer;
  private_key_iv: Buffer; private_key_ciphertext: Buffer; private_key_tag: Buffer; base_url: string; starts_on: string;
}

export function upsertSettings(db: Kysely<DB>, row: SettingsRow) {
  const { business_id: _b, ...rest } = row;
  return db.insertInto('moadian_settings').values(row)
    .onConflict((oc) => oc.column('business_id').doUpdateSet({ ...rest, updated_at: new Date() }));
}

export function selectSettings(db: Kysely<DB>, businessId: number) {
  return db.selectFrom('moadian_settings').selectAll().where('business_id', '=', businessId);
}

/** Takes the next serial atomically (row lock of the update): never handed out twice. */
export function takeSerial(db: Kysely<DB>, businessId: number) {
  return db.updateTable('moadian_settings').set((eb) => ({ next_serial: eb('next_serial', '+', 1) }))
    .where('business_id', '=', businessId).returning((eb) => eb('next_serial', '-', 1).as('serial'));
}


/** i8: the settings a PUT may change without resending the key (the default invoice type, sending on posting). */
export interface PlainSettings { fiscal_id: string; economic_code: string; base_url: string; starts_on: string; default_invoice_type: number; send_on_posting?: boolean }
export function updatePlainSettings(db: Kysely<DB>, businessId: number, set: PlainSettings) {
  return db.updateTable('moadian_settings').set({ ...set, updated_at: new Date() }).where('business_id', '=', businessId);
}

export const SQL_SAMPLES = sqlSamples({
  selectSettings: (db) => selectSettings(db, 1),
  takeSerial: (db) => takeSerial(db, 1),
  updatePlainSettings: (db) => updatePlainSettings(db, 1, { fiscal_id: 'A11216', economic_code: '14003778990', base_url: 'https://x', starts_on: '2026-01-01', default_invoice_type: 1, send_on_posting: true }),
});
