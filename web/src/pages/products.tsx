import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../api';
import { amount, asciiDigits, faDigits, money } from '../format';
import { DataTable, Field, FormActions, FormError, useSubmit } from '../ui';
import { navigate } from '../router';

interface Product {
  id: number;
  code: string;
  name: string;
  kind: 'goods' | 'service';
  barcodes: string[];
  sellPrice: string;
  stock: { total: string } | null;
  active: boolean;
}

/** A new product, or an existing one's name, code, barcodes, price and active switch (PATCH). */
function ProductForm({ product, onSaved, onCancel }: { product?: Product; onSaved: () => void; onCancel: () => void }) {
  const [name, setName] = useState(product?.name ?? '');
  const [code, setCode] = useState(product?.code ?? '');
  const [barcode, setBarcode] = useState(product?.barcodes.join('، ') ?? '');
  const [sellPrice, setSellPrice] = useState(product?.sellPrice ?? '');
  const [active, setActive] = useState(product?.active ?? true);
  const { busy, errors, run } = useSubmit();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const body: Record<string, unknown> = { name };
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
        {canWrite && !adding && <button onClick={() => setAdding(true)}>کالای جدید</button>}
      </div>
      {(adding || editing) && (
        <ProductForm
          key={editing?.id ?? 'new'}
          product={editing ?? undefined}
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
        <DataTable headers={['کد', 'نام', 'بارکد', 'قیمت فروش', 'موجودی']}>
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
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {items?.length === 0 && <p>کالایی پیدا نشد.</p>}
    </div>
  );
}
