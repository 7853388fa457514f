import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../api';
import { asciiDigits, faDigits } from '../format';
import { navigate } from '../router';
import { DataTable, Field, FormActions, FormError, useSubmit } from '../ui';

interface Named {
  id: number;
  name: string;
  [k: string]: unknown;
}

/** One editable column besides the name (a unit's Moadian code). */
interface Extra {
  key: string;
  label: string;
  show: (item: Named) => string;
}

/**
 * A short list of named things the catalog refers to — product groups, units, warehouses: add,
 * rename, and remove one nothing uses (the server refuses with IN_USE and says why).
 */
function NamedList(props: { title: string; path: string; noun: string; extra?: Extra; removable?: boolean }) {
  const [items, setItems] = useState<Named[] | null>(null);
  const [editing, setEditing] = useState<Named | 'new' | null>(null);
  const [name, setName] = useState('');
  const [extra, setExtra] = useState('');
  const [listError, setListError] = useState('');
  const { busy, errors, run } = useSubmit();
  const load = () => api<Page<Named>>('GET', `${props.path}?limit=200`).then((p) => setItems(p.items), (e: Error) => setListError(e.message));
  useEffect(() => void load(), []);
  const open = (item: Named | 'new') => {
    setEditing(item);
    setName(item === 'new' ? '' : item.name);
    setExtra(item === 'new' || !props.extra ? '' : props.extra.show(item));
  };
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const body: Record<string, unknown> = { name };
      if (props.extra && extra.trim()) body[props.extra.key] = asciiDigits(extra.trim());
      if (editing === 'new') await api('POST', props.path, body);
      else if (editing) await api('PATCH', `${props.path}/${editing.id}`, body);
      setEditing(null);
      await load();
    });
  };
  const remove = (item: Named) => {
    if (!confirm(`«${item.name}» حذف شود؟`)) return;
    setListError('');
    api('DELETE', `${props.path}/${item.id}`).then(load, (e: Error) => setListError(e.message));
  };
  const id = `list-${props.path.slice(1)}`;
  return (
    <section class="panel box" aria-labelledby={id}>
      <div class="toolbar">
        <h2 id={id}>{props.title}</h2>
        {editing === null && <button onClick={() => open('new')}>{`${props.noun} جدید`}</button>}
      </div>
      {editing !== null && (
        <form class="panel" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && setEditing(null)} aria-label={editing === 'new' ? `${props.noun} جدید` : `ویرایش ${editing.name}`}>
          <Field label="نام" name={`${id}-name`} value={name} onInput={setName} error={errors.name} autoFocus />
          {props.extra && <Field label={props.extra.label} name={`${id}-${props.extra.key}`} value={extra} onInput={setExtra} error={errors[props.extra.key]} inputMode="numeric" />}
          <FormError errors={errors} />
          <FormActions busy={busy} submit="ذخیره" onCancel={() => setEditing(null)} />
        </form>
      )}
      {listError && (
        <p class="error" role="alert">
          {listError}
        </p>
      )}
      {items && (
        <DataTable headers={['نام', ...(props.extra ? [props.extra.label] : []), <span class="sr-only">کارها</span>]}>
          {items.map((item) => (
            <tr key={item.id}>
              <td id={`${id}-${item.id}`}>{item.name}</td>
              {props.extra && <td>{faDigits(props.extra.show(item))}</td>}
              <td>
                <div class="actions">
                <button type="button" class="secondary" aria-describedby={`${id}-${item.id}`} onClick={() => open(item)}>
                  ویرایش
                </button>
                {props.removable !== false && (
                  <button type="button" class="secondary" aria-describedby={`${id}-${item.id}`} onClick={() => remove(item)}>
                    حذف
                  </button>
                )}
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {items?.length === 0 && <p>هنوز چیزی تعریف نشده است.</p>}
    </section>
  );
}

/** products/setup: product groups, units (with their Moadian code) and warehouses. */
export function CatalogSetupPage() {
  return (
    <div>
      <div class="toolbar">
        <h1>گروه‌ها، واحدها و انبارها</h1>
        <button class="secondary" onClick={() => navigate('products')}>
          بازگشت به کالاها
        </button>
      </div>
      <NamedList title="گروه‌های کالا" path="/productGroups" noun="گروه" />
      <NamedList title="واحدها" path="/units" noun="واحد" extra={{ key: 'moadianUnitCode', label: 'کد واحد در سامانه مودیان', show: (u) => String(u.moadianUnitCode ?? '') }} />
      <NamedList title="انبارها" path="/warehouses" noun="انبار" />
    </div>
  );
}
