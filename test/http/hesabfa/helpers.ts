import { call, type TestApp } from '../../helpers/app.js';

/** The test business's Hesabfa credentials (testApp()). */
export const AUTH = { apiKey: 'test-hesabfa-key-a', loginToken: 'test-hesabfa-login-a' };

/** POST /v1/item/<method> with the auth fields added; returns the parsed envelope. */
export async function hesabfa(t: TestApp, method: string, params: Record<string, unknown> = {}): Promise<any> {
  const r = await call(t.app, 'POST', `/v1/item/${method}`, { ...AUTH, ...params });
  if (r.status !== 200) throw new Error(`HTTP ${r.status} from ${method}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A raw (possibly JavaScript-literal) body, as the seed document writes them. */
export async function hesabfaRaw(t: TestApp, method: string, body: string, contentType = 'application/json'): Promise<any> {
  const r = await call(t.app, 'POST', `/v1/item/${method}`, body, { 'content-type': contentType });
  if (r.status !== 200) throw new Error(`HTTP ${r.status} from ${method}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The seed's example auth block, with its placeholder secrets replaced by the test business's. */
export function seedAuth(text: string): string {
  return text
    .replace(/'asdfASR\^%FDHdsfg456'/g, `'${AUTH.apiKey}'`)
    .replace(/'f6b912\.\.\.45fdc'/g, `'${AUTH.loginToken}'`)
    .replace(/'mail@example\.com'/g, `'admin'`)
    .replace(/'123456'/g, `'admin-password-1'`);
}

/** The keys of the item object every method returns (hesabfa.md). */
export const ITEM_KEYS = [
  'Active', 'Barcode', 'BuyPrice', 'Code', 'ConversionFactor', 'Description', 'Id', 'ItemType', 'Name', 'NodeFamily', 'NodeId',
  'NodeName', 'ProductCode', 'PurchasesTitle', 'SalesTitle', 'SellPrice', 'Stock', 'SubUnit', 'Tag', 'TaxId', 'TaxUnit', 'Unit',
];

/** POST /v1/<path> (any Hesabfa method: `setting/GetChanges`, `contact/save`, …) with the auth fields; the parsed envelope. */
export async function hf(t: TestApp, path: string, params: Record<string, unknown> = {}): Promise<any> {
  const r = await call(t.app, 'POST', `/v1/${path}`, { ...AUTH, ...params });
  if (r.status !== 200) throw new Error(`HTTP ${r.status} from ${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** hf() that must succeed: its Result (and the whole envelope as `.envelope`). */
export async function hfOk(t: TestApp, path: string, params: Record<string, unknown> = {}): Promise<any> {
  const r = await hf(t, path, params);
  if (r.Success !== true || r.ErrorCode !== 0) throw new Error(`${path} failed: ${r.ErrorCode} ${r.ErrorMessage}`);
  return r.Result;
}
