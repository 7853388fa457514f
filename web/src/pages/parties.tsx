import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../api';
import { asciiDigits, faDigits, money } from '../format';
import { DataTable, Field, FormActions, FormError, Select, SheetLinks, useSubmit } from '../ui';
import { navigate } from '../router';

interface Party {
  id: number;
  code: string;
  kind: 'person' | 'company';
  name: string;
  roles: string[];
  mobile: string;
  nationalId: string;
  economicCode: string;
  postalCode?: string;
  address: string;
  balance: string;
  active: boolean;
}

const ROLE_FA: Record<string, string> = { customer: 'مشتری', supplier: 'تأمین‌کننده', serviceProvider: 'خدمات‌دهنده', employee: 'کارمند' };

/** The texts a party form edits besides the name, with their labels (wire name → label). */
const TEXTS: [keyof Party & string, string, 'numeric' | 'tel' | 'text'][] = [
  ['mobile', 'موبایل', 'tel'],
  ['nationalId', 'کد ملی / شناسه ملی', 'numeric'],
  ['economicCode', 'کد اقتصادی', 'numeric'],
  ['postalCode', 'کد پستی', 'numeric'],
  ['address', 'نشانی', 'text'],
];

/** A select with fixed choices (value → Persian label). */
function Choice(props: { id: string; label: string; value: string; choices: Record<string, string>; onChange: (v: string) => void; error?: string }) {
  return <Select id={props.id} label={props.label} value={props.value} options={Object.entries(props.choices)} onChange={props.onChange} error={props.error} />;
}

/**
 * A new party, or an existing one's details (PATCH sends what changed; the name in one piece,
 * only when it changed, so a party whose first and last names were given apart keeps them).
 */
function PartyForm({ party, canEdit, onSaved, onCancel }: { party?: Party; canEdit: boolean; onSaved: () => void; onCancel: () => void }) {
  const [name, setName] = useState(party?.name ?? '');
  const [kind, setKind] = useState<string>(party?.kind ?? 'person');
  const [role, setRole] = useState(party?.roles[0] ?? 'customer');
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(TEXTS.map(([k]) => [k, String(party?.[k] ?? '')])));
  const [active, setActive] = useState(party?.active ?? true);
  const { busy, errors, run } = useSubmit();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const body: Record<string, unknown> = {};
      if (!party || kind !== party.kind) body.kind = kind;
      // The name moves with the kind: a company keeps it as companyName, a person as lastName.
      if (!party || name.trim() !== party.name || kind !== party.kind) body.name = name.trim();
      if (!party || role !== party.roles[0]) body.roles = [role];
      for (const [k, , mode] of TEXTS) {
        const v = mode === 'text' ? texts[k].trim() : asciiDigits(texts[k].trim());
        if (party ? v !== String(party[k] ?? '') : v) body[k] = v;
      }
      if (party && active !== party.active) body.active = active;
      if (party) await api('PATCH', `/parties/${party.id}`, body);
      else await api('POST', '/parties', body);
      onSaved();
    });
  };
  const fieldError = (k: string) => errors[k] ?? (k === 'name' ? (errors.lastName ?? errors.companyName) : undefined);
  return (
    <form class="panel" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()} aria-label={party ? `ویرایش ${party.name}` : 'شخص جدید'}>
      <Field label="نام" name="name" value={name} onInput={setName} error={fieldError('name')} autoFocus />
      {TEXTS.slice(0, 1).map(([k, label, mode]) => (
        <Field key={k} label={label} name={k} value={texts[k]} onInput={(v) => setTexts({ ...texts, [k]: v })} error={errors[k]} inputMode={mode} />
      ))}
      <Choice id="f-role" label="نقش" value={role} choices={ROLE_FA} onChange={setRole} error={errors.roles ?? errors['roles[0]']} />
      <Choice id="f-kind" label="نوع شخص" value={kind} choices={{ person: 'حقیقی', company: 'حقوقی' }} onChange={setKind} error={errors.kind} />
      {TEXTS.slice(1).map(([k, label, mode]) => (
        <Field key={k} label={label} name={k} value={texts[k]} onInput={(v) => setTexts({ ...texts, [k]: v })} error={errors[k]} inputMode={mode} />
      ))}
      {party && canEdit && (
        <div class="field check">
          <label>
            <input type="checkbox" checked={active} onChange={(e) => setActive((e.target as HTMLInputElement).checked)} /> فعال
          </label>
        </div>
      )}
      <FormError errors={errors} />
      <FormActions busy={busy} submit="ذخیره" onCancel={onCancel} />
    </form>
  );
}

/** Who owes whom: a positive balance is owed to the business (بدهکار), a negative one by it. */
function Balance({ value, unit }: { value: string; unit: 'rial' | 'toman' }) {
  if (!/[1-9]/.test(value)) return <>{money('0', unit)}</>;
  const owes = !value.startsWith('-');
  return (
    <>
      {money(value.replace(/^-/, ''), unit)} <span class="muted">{owes ? 'بدهکار' : 'بستانکار'}</span>
    </>
  );
}

export function PartiesPage({ unit, canStatement }: { unit: 'rial' | 'toman'; canStatement: boolean }) {
  const [items, setItems] = useState<Party[] | null>(null);
  const [editing, setEditing] = useState<Party | 'new' | null>(null);
  const [q, setQ] = useState('');
  const [role, setRole] = useState('');
  const [error, setError] = useState('');
  const load = () => {
    const query = new URLSearchParams({ limit: '100' });
    if (q.trim()) query.set('q', asciiDigits(q.trim()));
    if (role) query.set('role', role);
    return api<Page<Party>>('GET', `/parties?${query}`).then((p) => setItems(p.items), (e: Error) => setError(e.message));
  };
  useEffect(() => void load(), [q, role]);
  return (
    <div>
      <div class="toolbar">
        <h1>اشخاص</h1>
        <div class="actions">
          {editing === null && <button onClick={() => setEditing('new')}>شخص جدید</button>}
          {canStatement && (
            <button class="secondary" onClick={() => navigate('parties/import')}>
              ورود از اکسل
            </button>
          )}
          <SheetLinks path="/parties" filters={{ q: asciiDigits(q), role }} />
        </div>
      </div>
      {editing !== null && (
        <PartyForm
          key={editing === 'new' ? 'new' : editing.id}
          party={editing === 'new' ? undefined : editing}
          canEdit={canStatement}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      <div class="row filters" role="search" aria-label="جستجوی اشخاص">
        <div class="field search">
          <label for="party-search">جستجو</label>
          <input id="party-search" type="search" value={q} placeholder="نام یا کد" onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        </div>
        <Choice id="f-role-filter" label="نمایش" value={role} choices={{ '': 'همه', ...ROLE_FA }} onChange={setRole} />
      </div>
      {error && <p class="error">{error}</p>}
      {items && (
        <DataTable headers={['کد', 'نام', 'نقش', 'موبایل', 'مانده', ...(canStatement ? [<span class="sr-only">کارها</span>] : [])]}>
          {items.map((p) => (
            <tr key={p.id} class={p.active ? '' : 'inactive'}>
              <td>{faDigits(p.code)}</td>
              <td id={`party-${p.id}`}>
                {canStatement ? (
                  <a
                    href={`/app/parties/${p.id}`}
                    title="صورت‌حساب"
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
              <td>
                <Balance value={p.balance} unit={unit} />
              </td>
              {canStatement && (
                <td>
                  <button type="button" class="secondary" aria-describedby={`party-${p.id}`} onClick={() => setEditing(p)}>
                    ویرایش
                  </button>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      {items?.length === 0 && <p>شخصی پیدا نشد.</p>}
    </div>
  );
}
