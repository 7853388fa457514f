import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { DataTable, Field, FormActions, FormError, useSubmit } from '../ui';
import { amount, faDigits } from '../format';

interface Settings {
  name: string;
  address: string;
  phone: string;
  economicCode: string;
  nationalId: string;
  postalCode: string;
  currencyDisplay: 'rial' | 'toman';
  [k: string]: unknown;
}

const vatRows = (s: Settings) => (s.vatRates as { validFromJalali: string; rate: string }[] | undefined) ?? [];

const TEXT_FIELDS: [keyof Settings & string, string][] = [
  ['name', 'نام کسب‌وکار'],
  ['economicCode', 'کد اقتصادی'],
  ['nationalId', 'شناسه ملی'],
  ['phone', 'تلفن'],
  ['postalCode', 'کد پستی'],
  ['address', 'نشانی'],
];

/** Business details (admin): what the printed invoice and the Moadian JSON carry. */
export function SettingsPage({ onSaved }: { onSaved: (s: Settings) => void }) {
  const [s, setS] = useState<Settings | null>(null);
  const [saved, setSaved] = useState(false);
  const { busy, errors, run } = useSubmit();
  useEffect(() => void api<Settings>('GET', '/settings').then(setS), []);
  if (!s) return <p aria-busy="true">در حال بارگذاری…</p>;
  const submit = (e: Event) => {
    e.preventDefault();
    setSaved(false);
    void run(async () => {
      const { vatRates: _, ...body } = s;
      const next = await api<Settings>('PUT', '/settings', body);
      setS(next);
      setSaved(true);
      onSaved(next);
    });
  };
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="settings-title">
      <h1 id="settings-title">تنظیمات</h1>
      {TEXT_FIELDS.map(([k, label]) => (
        <Field key={k} label={label} name={k} value={String(s[k] ?? '')} onInput={(v) => setS({ ...s, [k]: v })} error={errors[k]} />
      ))}
      <div class="field">
        <label for="f-currency">واحد نمایش مبالغ</label>
        <select id="f-currency" value={s.currencyDisplay} onChange={(e) => setS({ ...s, currencyDisplay: (e.target as HTMLSelectElement).value as Settings['currencyDisplay'] })}>
          <option value="rial">ریال</option>
          <option value="toman">تومان</option>
        </select>
      </div>
      <h2>جدول نرخ مالیات بر ارزش افزوده</h2>
      <ul>
        {vatRows(s).map((v, i, all) => (
          <li key={v.validFromJalali}>
            {/* The statutory table's first row has no real start ("1900-01-01"): it is "before" the next one. */}
            {v.validFromJalali < '1300' && all[i + 1] ? `پیش از ${faDigits(all[i + 1].validFromJalali)}` : `از ${faDigits(v.validFromJalali)}`}: {faDigits(v.rate)}٪
          </li>
        ))}
      </ul>
      <FormError errors={errors} />
      {saved && <p role="status">ذخیره شد.</p>}
      <FormActions busy={busy} submit="ذخیره" />
    </form>
  );
}

interface Backup {
  id: string;
  createdAtJalali: string;
  sizeBytes: number;
  rows: number;
}

/**
 * Backups (admin): make one now, list them, download one. Restoring goes through the command
 * line into an empty database (README, "Backups and restore"), never over live books.
 */
export function BackupsSection() {
  const [items, setItems] = useState<Backup[] | null>(null);
  const [made, setMade] = useState('');
  const { busy, errors, run } = useSubmit();
  const load = () => api<{ items: Backup[] }>('GET', '/backups?limit=50').then((p) => setItems(p.items));
  useEffect(() => void load().catch(() => setItems([])), []);
  const make = () =>
    void run(async () => {
      setMade('');
      const b = await api<Backup>('POST', '/backups', {});
      setMade(`پشتیبان ${faDigits(b.createdAtJalali)} ساخته شد.`);
      await load();
    });
  return (
    <section class="panel box" aria-labelledby="backups-title">
      <div class="toolbar">
        <h2 id="backups-title">پشتیبان‌ها</h2>
        <button onClick={make} disabled={busy}>
          پشتیبان‌گیری
        </button>
      </div>
      <FormError errors={errors} />
      {made && <p role="status">{made}</p>}
      {items && items.length > 0 && (
        <DataTable headers={['زمان', 'حجم', 'ردیف‌ها', <span class="sr-only">دریافت</span>]}>
          {items.map((b) => (
            <tr key={b.id}>
              <td>{faDigits(b.createdAtJalali)}</td>
              <td>{amount(String(Math.ceil(b.sizeBytes / 1024)))} کیلوبایت</td>
              <td>{amount(String(b.rows))}</td>
              <td>
                <a href={`/daftar/v1/backups/${encodeURIComponent(b.id)}`} download>
                  دریافت
                </a>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {items?.length === 0 && <p>هنوز پشتیبانی گرفته نشده است.</p>}
      <p class="muted">
        بازگردانی از خط فرمان و فقط در پایگاه داده‌ای خالی: <code dir="ltr">npm run daftar -- restore FILE</code>
      </p>
    </section>
  );
}
