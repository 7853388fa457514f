import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../api';
import { asciiDigits, faDigits, money } from '../format';
import { DataTable, Field, FormActions, FormError, useSubmit } from '../ui';
import { navigate } from '../router';

interface Party {
  id: number;
  code: string;
  name: string;
  roles: string[];
  mobile: string;
  balance: string;
}

const ROLE_FA: Record<string, string> = { customer: 'مشتری', supplier: 'تأمین‌کننده', serviceProvider: 'خدمات‌دهنده', employee: 'کارمند' };

function PartyForm({ onSaved, onCancel }: { onSaved: () => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [mobile, setMobile] = useState('');
  const [role, setRole] = useState('customer');
  const { busy, errors, run } = useSubmit();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const body: Record<string, unknown> = { kind: 'person', lastName: name, roles: [role] };
      if (mobile.trim()) body.mobile = asciiDigits(mobile.trim());
      await api('POST', '/parties', body);
      onSaved();
    });
  };
  return (
    <form class="panel" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()} aria-label="شخص جدید">
      <Field label="نام" name="name" value={name} onInput={setName} error={errors.lastName ?? errors.name} autoFocus />
      <Field label="موبایل" name="mobile" value={mobile} onInput={setMobile} error={errors.mobile} inputMode="tel" />
      <div class="field">
        <label for="f-role">نقش</label>
        <select id="f-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value)}>
          <option value="customer">مشتری</option>
          <option value="supplier">تأمین‌کننده</option>
          <option value="serviceProvider">خدمات‌دهنده</option>
          <option value="employee">کارمند</option>
        </select>
        {errors.roles && <p class="error" role="alert">{errors.roles}</p>}
      </div>
      <FormError errors={errors} />
      <FormActions busy={busy} submit="ذخیره" onCancel={onCancel} />
    </form>
  );
}

export function PartiesPage({ unit, canStatement }: { unit: 'rial' | 'toman'; canStatement: boolean }) {
  const [items, setItems] = useState<Party[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState('');
  const load = () => api<Page<Party>>('GET', '/parties?limit=100').then((p) => setItems(p.items), (e: Error) => setError(e.message));
  useEffect(() => void load(), []);
  return (
    <div>
      <div class="toolbar">
        <h1>اشخاص</h1>
        {!adding && <button onClick={() => setAdding(true)}>شخص جدید</button>}
      </div>
      {adding && (
        <PartyForm
          onSaved={() => {
            setAdding(false);
            void load();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {error && <p class="error">{error}</p>}
      {items && (
        <DataTable headers={['کد', 'نام', 'نقش', 'موبایل', 'مانده']}>
          {items.map((p) => (
            <tr key={p.id}>
              <td>{faDigits(p.code)}</td>
              <td>
                {canStatement ? (
                  <a
                    href={`/app/parties/${p.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`parties/${p.id}`);
                    }}
                  >
                    {p.name}
                  </a>
                ) : (
                  p.name
                )}
              </td>
              <td>{p.roles.map((r) => ROLE_FA[r] ?? r).join('، ')}</td>
              <td dir="ltr">{faDigits(p.mobile)}</td>
              <td>{money(p.balance, unit)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
