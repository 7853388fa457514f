import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { Field, FormActions, FormError, useSubmit } from '../ui';
import { faDigits } from '../format';

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
