import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../api';
import { asciiDigits, faDigits, money } from '../format';
import { navigate } from '../router';
import { DataTable, Field, FormActions, FormError, useSubmit } from '../ui';

interface MoneyAccount {
  id: number;
  balance: string;
  openingBalance: string;
  active: boolean;
  [k: string]: unknown;
}

/** What differs between a cash register and a bank account on this page. */
interface Kind {
  title: string;
  noun: string;
  path: string;
  /** The editable text fields: wire name and Persian label. */
  fields: [string, string][];
  label: (a: MoneyAccount) => string;
}

const CASH: Kind = { title: 'صندوق‌ها', noun: 'صندوق', path: '/cashRegisters', fields: [['name', 'نام صندوق']], label: (a) => String(a.name) };
const BANK: Kind = {
  title: 'حساب‌های بانکی',
  noun: 'حساب بانکی',
  path: '/bankAccounts',
  fields: [
    ['bankName', 'نام بانک'],
    ['branch', 'شعبه'],
    ['accountNo', 'شماره حساب'],
    ['cardNo', 'شماره کارت'],
    ['sheba', 'شماره شبا'],
  ],
  label: (a) => `${a.bankName} ${faDigits(String(a.accountNo ?? ''))}`.trim(),
};

/**
 * A money account's form: its texts, the opening balance (new accounts only: posted once as an
 * opening voucher), and the active switch. There is no delete: an account keeps its history.
 */
function AccountForm({ kind, account, onSaved, onCancel }: { kind: Kind; account?: MoneyAccount; onSaved: () => void; onCancel: () => void }) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(kind.fields.map(([k]) => [k, String(account?.[k] ?? '')])));
  const [opening, setOpening] = useState('');
  const [active, setActive] = useState(account?.active ?? true);
  const { busy, errors, run } = useSubmit();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const body: Record<string, unknown> = {};
      for (const [k] of kind.fields) if (values[k].trim() || account) body[k] = k === 'name' || k === 'bankName' || k === 'branch' ? values[k].trim() : asciiDigits(values[k].trim());
      if (account) body.active = active;
      else if (opening.trim()) body.openingBalance = asciiDigits(opening.trim());
      if (account) await api('PATCH', `${kind.path}/${account.id}`, body);
      else await api('POST', kind.path, body);
      onSaved();
    });
  };
  const prefix = kind === CASH ? 'cash' : 'bank';
  return (
    <form class="panel" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()} aria-label={account ? `ویرایش ${kind.label(account)}` : `${kind.noun} جدید`}>
      {kind.fields.map(([k, label], i) => (
        <Field key={k} label={label} name={`${prefix}-${k}`} value={values[k]} onInput={(v) => setValues({ ...values, [k]: v })} error={errors[k]} autoFocus={i === 0} />
      ))}
      {account ? (
        <div class="field check">
          <label>
            <input type="checkbox" checked={active} onChange={(e) => setActive((e.target as HTMLInputElement).checked)} /> فعال
          </label>
        </div>
      ) : (
        <Field label="مانده اول دوره" name={`${prefix}-opening`} value={opening} onInput={setOpening} error={errors.openingBalance} inputMode="decimal" />
      )}
      <FormError errors={errors} />
      <FormActions busy={busy} submit="ذخیره" onCancel={onCancel} />
    </form>
  );
}

function AccountList({ kind, unit }: { kind: Kind; unit: 'rial' | 'toman' }) {
  const [items, setItems] = useState<MoneyAccount[] | null>(null);
  const [editing, setEditing] = useState<MoneyAccount | 'new' | null>(null);
  const [error, setError] = useState('');
  const load = () => api<Page<MoneyAccount>>('GET', `${kind.path}?limit=200`).then((p) => setItems(p.items), (e: Error) => setError(e.message));
  useEffect(() => void load(), []);
  const id = `accounts-${kind.path.slice(1)}`;
  return (
    <section class="panel box" aria-labelledby={id}>
      <div class="toolbar">
        <h2 id={id}>{kind.title}</h2>
        {editing === null && <button onClick={() => setEditing('new')}>{`${kind.noun} جدید`}</button>}
      </div>
      {editing !== null && (
        <AccountForm
          key={editing === 'new' ? 'new' : editing.id}
          kind={kind}
          account={editing === 'new' ? undefined : editing}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {items && (
        <DataTable headers={['نام', 'مانده', <span class="sr-only">کارها</span>]}>
          {items.map((a) => (
            <tr key={a.id} class={a.active ? '' : 'inactive'}>
              <td id={`${id}-${a.id}`}>{kind.label(a)}</td>
              <td>{money(a.balance, unit)}</td>
              <td>
                <button type="button" class="secondary" aria-describedby={`${id}-${a.id}`} onClick={() => setEditing(a)}>
                  ویرایش
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

/** payments/accounts: cash registers and bank accounts with their ledger balances. */
export function MoneyAccountsPage({ unit }: { unit: 'rial' | 'toman' }) {
  return (
    <div>
      <div class="toolbar">
        <h1>صندوق‌ها و حساب‌های بانکی</h1>
        <button class="secondary" onClick={() => navigate('payments')}>
          بازگشت به دریافت و پرداخت
        </button>
      </div>
      <AccountList kind={CASH} unit={unit} />
      <AccountList kind={BANK} unit={unit} />
    </div>
  );
}
