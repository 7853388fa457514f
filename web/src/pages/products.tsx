import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../api';
import { amount, asciiDigits, faDigits, money } from '../format';
import { DataTable, Field, FormActions, FormError, Select, SheetLinks, useSubmit } from '../ui';
import { navigate } from '../router';

interface Product {
  id: number;
  code: string;
  name: string;
  kind: 'goods' | 'service';
  barcodes: string[];
  sellPrice: string;
  buyPrice: string;
  vatRate: string | null;
  unit: { id: number; name: string } | null;
  groupId: number | null;
  stock: { total: string; byWarehouse: { warehouseId: number; code: number; quantity: string }[] } | null;
  active: boolean;
}
interface Option {
  id: number;
  name: string;
}
/** The lists a product refers to by id: units, groups, warehouses (names for the stock column). */
interface Lookups {
  units: Option[];
  groups: Option[];
  warehouses: (Option & { code: number })[];
}

/** A select of ids with «—» for none. */
function Choice(props: { label: string; name: string; value: number | null; options: Option[]; onChange: (id: number | null) => void; error?: string }) {
  const options: [string, string][] = [['', '—'], ...props.options.map((o): [string, string] => [String(o.id), o.name])];
  return <Select id={`f-${props.name}`} label={props.label} value={props.value === null ? '' : String(props.value)} options={options} onChange={(v) => props.onChange(v ? Number(v) : null)} error={props.error} />;
}

/** A new product, or an existing one's name, code, barcodes, price and active switch (PATCH). */
function ProductForm({ product, lookups, onSaved, onCancel }: { product?: Product; lookups: Lookups; onSaved: () => void; onCancel: () => void }) {
  const [name, setName] = useState(product?.name ?? '');
  const [kind, setKind] = useState(product?.kind ?? 'goods');
  const [unitId, setUnitId] = useState<number | null>(product?.unit?.id ?? null);
  const [groupId, setGroupId] = useState<number | null>(product?.groupId ?? null);
  const [buyPrice, setBuyPrice] = useState(product?.buyPrice ?? '');
  const [vatRate, setVatRate] = useState(product?.vatRate ?? '');
  const [code, setCode] = useState(product?.code ?? '');
  const [barcode, setBarcode] = useState(product?.barcodes.join('، ') ?? '');
  const [sellPrice, setSellPrice] = useState(product?.sellPrice ?? '');
  const [active, setActive] = useState(product?.active ?? true);
  const { busy, errors, run } = useSubmit();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const body: Record<string, unknown> = { name, kind, unitId, groupId };
      if (buyPrice.trim()) body.buyPrice = asciiDigits(buyPrice.trim());
      // Empty: the effective-dated VAT table decides (null), not 0 %.
      body.vatRate = vatRate.trim() ? asciiDigits(vatRate.trim()) : null;
      if (code.trim()) body.code = asciiDigits(code.trim());
      const barcodes = barcode.split(/[،,\s]+/).map((b) => asciiDigits(b)).filter(Boolean);
      if (barcodes.length || product) body.barcodes = barcodes;
      if (sellPrice.trim()) body.sellPrice = asciiDigits(sellPrice.trim());
      if (product) {
        body.active = active;
        await api('PATCH', `/products/${product.id}`, body);
      } else await api('POST', '/products', body);
      onSaved();
    });
  };
  return (
    <form class="panel" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()} aria-label={product ? `ویرایش ${product.name}` : 'کالای جدید'}>
      <Field label="نام" name="name" value={name} onInput={setName} error={errors.name} autoFocus />
      <Field label="کد" name="code" value={code} onInput={setCode} error={errors.code} inputMode="numeric" />
      <Field label="بارکد" name="barcode" value={barcode} onInput={setBarcode} error={errors['barcodes[0]'] ?? errors.barcodes} inputMode="numeric" />
      <Field label="قیمت فروش" name="sellPrice" value={sellPrice} onInput={setSellPrice} error={errors.sellPrice} inputMode="decimal" />
      <Field label="قیمت خرید" name="buyPrice" value={buyPrice} onInput={setBuyPrice} error={errors.buyPrice} inputMode="decimal" />
      <div class="field">
        <label for="f-kind">نوع</label>
        <select id="f-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as Product['kind'])}>
          <option value="goods">کالا</option>
          <option value="service">خدمت</option>
        </select>
      </div>
      <Choice label="واحد" name="unitId" value={unitId} options={lookups.units} onChange={setUnitId} error={errors.unitId} />
      <Choice label="گروه" name="groupId" value={groupId} options={lookups.groups} onChange={setGroupId} error={errors.groupId} />
      <Field label="نرخ مالیات (درصد؛ خالی: جدول نرخ‌ها)" name="vatRate" value={vatRate ?? ''} onInput={setVatRate} error={errors.vatRate} inputMode="decimal" />
      {product && (
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

export function ProductsPage({ unit, canWrite }: { unit: 'rial' | 'toman'; canWrite: boolean }) {
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Product[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Product | null>(null);
  const [error, setError] = useState('');
  const [lookups, setLookups] = useState<Lookups>({ units: [], groups: [], warehouses: [] });
  useEffect(() => {
    const list = <T,>(path: string) => api<Page<T>>('GET', `${path}?limit=200`).then((p) => p.items, () => [] as T[]);
    void Promise.all([list<Option>('/units'), list<Option>('/productGroups'), list<Option & { code: number }>('/warehouses')]).then(([units, groups, warehouses]) =>
      setLookups({ units, groups, warehouses }),
    );
  }, []);
  const load = (search: string) => {
    const query = new URLSearchParams({ limit: '100' });
    if (search.trim()) query.set('q', asciiDigits(search.trim()));
    api<Page<Product>>('GET', `/products?${query}`).then((p) => setItems(p.items), (e: Error) => setError(e.message));
  };
  useEffect(() => load(q), [q]);
  return (
    <div>
      <div class="toolbar">
        <h1>کالاها</h1>
        <div class="actions">
          {canWrite && !adding && <button onClick={() => setAdding(true)}>کالای جدید</button>}
          {canWrite && (
            <button class="secondary" onClick={() => navigate('products/setup')}>
              گروه‌ها، واحدها و انبارها
            </button>
          )}
          {canWrite && (
            <button class="secondary" onClick={() => navigate('products/import')}>
              ورود از اکسل
            </button>
          )}
          <SheetLinks path="/products" filters={{ q: asciiDigits(q) }} />
        </div>
      </div>
      {(adding || editing) && (
        <ProductForm
          key={editing?.id ?? 'new'}
          product={editing ?? undefined}
          lookups={lookups}
          onSaved={() => {
            setAdding(false);
            setEditing(null);
            load(q);
          }}
          onCancel={() => {
            setAdding(false);
            setEditing(null);
          }}
        />
      )}
      <div class="field search">
        <label for="product-search">جستجو</label>
        <input id="product-search" type="search" value={q} placeholder="نام، کد یا بارکد" onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      </div>
      {error && <p class="error">{error}</p>}
      {items && (
        <DataTable headers={['کد', 'نام', 'بارکد', 'واحد', 'قیمت فروش', 'موجودی']}>
          {items.map((p) => (
            <tr key={p.id} class={p.active ? '' : 'inactive'}>
              <td>{faDigits(p.code)}</td>
              <td>
                {canWrite ? (
                  <button type="button" class="link" title="ویرایش" onClick={() => (setAdding(false), setEditing(p))}>
                    {p.name}
                  </button>
                ) : (
                  p.name
                )}
              </td>
              <td>{faDigits(p.barcodes.join('، '))}</td>
              <td>{p.unit?.name ?? ''}</td>
              <td>{money(p.sellPrice, unit)}</td>
              <td>
                {p.kind === 'service' ? (
                  '—'
                ) : canWrite ? (
                  <a
                    href={`/app/products/${p.id}`}
                    title="کارت کالا"
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`products/${p.id}`);
                    }}
                  >
                    {amount(p.stock?.total ?? '0')}
                  </a>
                ) : (
                  amount(p.stock?.total ?? '0')
                )}
                {p.kind !== 'service' && lookups.warehouses.length > 1 && <ByWarehouse stock={p.stock} warehouses={lookups.warehouses} />}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {items?.length === 0 && <p>کالایی پیدا نشد.</p>}
    </div>
  );
}

/** Stock per warehouse, under the total, when the business has more than one warehouse. */
function ByWarehouse({ stock, warehouses }: { stock: Product['stock']; warehouses: Lookups['warehouses'] }) {
  const rows = (stock?.byWarehouse ?? []).filter((w) => /[1-9]/.test(w.quantity));
  if (!rows.length) return null;
  return (
    <ul class="by-warehouse">
      {rows.map((w) => (
        <li key={w.warehouseId}>
          {warehouses.find((x) => x.id === w.warehouseId)?.name ?? faDigits(w.code)}: {amount(w.quantity)}
        </li>
      ))}
    </ul>
  );
}
