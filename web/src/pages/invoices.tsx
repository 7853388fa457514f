import { numberToWords } from '@persian-tools/persian-tools';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Page } from '../api';
import { todayJalali } from '../dates';
import { amount, asciiDigits, faDigits, money } from '../format';
import { PartyInput, partyHandle, type PartyRef } from '../party-input';
import { navigate } from '../router';
import { DateField } from '../date-field';
import { DataTable, Field, FormActions, SheetLinks } from '../ui';
import { PaymentForm } from './payments';

type InvoiceType = 'sale' | 'purchase' | 'saleReturn' | 'purchaseReturn';
/** The return a posted sale or purchase can have. */
const RETURN_OF: Record<string, InvoiceType> = { sale: 'saleReturn', purchase: 'purchaseReturn' };
const TYPE_FA: Record<string, string> = { sale: 'فروش', purchase: 'خرید', saleReturn: 'برگشت از فروش', purchaseReturn: 'برگشت از خرید', proforma: 'پیش‌فاکتور' };

interface InvoiceLine {
  lineNo: number;
  productId: number;
  productCode: string;
  productName: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  discount: string;
  vat: string;
  total: string;
}
export interface Invoice {
  id: number | null;
  type: string;
  number: number | null;
  dateJalali: string;
  partyId: number;
  partyName: string;
  subtotal: string;
  lineDiscounts: string;
  discount: string;
  vat: string;
  levy: string;
  total: string;
  paid: string;
  remaining: string;
  status: 'posted' | 'void';
  lines: InvoiceLine[];
}
interface ProductHit {
  id: number;
  code: string;
  name: string;
  barcodes: string[];
  sellPrice: string;
  buyPrice: string;
  kind: string;
}
interface DraftLine {
  key: number;
  productId: number;
  name: string;
  quantity: string;
  unitPrice: string;
}

const NUMBER = /^\d+(\.\d+)?$/;
let nextKey = 1;

/** The product a scanned or typed text names: its barcode, else its code, else the only match. */
async function findProduct(text: string): Promise<ProductHit | string> {
  const t = asciiDigits(text.trim());
  if (!t) return 'بارکد یا نام کالا را وارد کنید';
  const page = await api<Page<ProductHit>>('GET', `/products?${new URLSearchParams({ q: t, limit: '20' })}`);
  const hit = page.items.find((p) => p.barcodes.includes(t)) ?? page.items.find((p) => p.code === t) ?? (page.items.length === 1 ? page.items[0] : undefined);
  if (hit) return hit;
  return page.items.length ? `چند کالا با «${text.trim()}» پیدا شد؛ دقیق‌تر بنویسید` : `کالایی با «${text.trim()}» پیدا نشد`;
}

/**
 * Keyboard-first entry: «بارکد یا کالا» + Enter adds a line and moves to its «تعداد»; Enter on
 * «فی» goes back to the barcode field; Ctrl+S saves; Esc leaves. Totals come from
 * POST /invoices/preview (the browser does no arithmetic).
 */
export function InvoiceEntry({ type, original }: { type: InvoiceType; original?: Invoice }) {
  const [party, setParty] = useState<PartyRef | null>(original ? { id: original.partyId, code: '', name: original.partyName, roles: [] } : null);
  const [date, setDate] = useState(todayJalali());
  // A return starts as the whole original invoice: the user lowers quantities or removes lines.
  const [lines, setLines] = useState<DraftLine[]>(
    () => original?.lines.map((l) => ({ key: nextKey++, productId: l.productId, name: l.productName, quantity: l.quantity, unitPrice: l.unitPrice })) ?? [],
  );
  const [scan, setScan] = useState('');
  const [preview, setPreview] = useState<Invoice | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const scanRef = useRef<HTMLInputElement>(null);
  const handle = useRef(partyHandle()).current;
  const focusQuantity = useRef<number | null>(null);
  const selling = type === 'sale' || type === 'purchaseReturn';
  const leave = original ? `invoices/${original.id}` : 'invoices';

  const body = (p = party) => ({
    type,
    partyId: p?.id ?? 0,
    ...(original ? { originalInvoiceId: original.id } : {}),
    date: asciiDigits(date),
    lines: lines.map((l) => ({ productId: l.productId, quantity: asciiDigits(l.quantity), unitPrice: asciiDigits(l.unitPrice) })),
  });
  const complete = party !== null && lines.length > 0 && lines.every((l) => NUMBER.test(asciiDigits(l.quantity)) && NUMBER.test(asciiDigits(l.unitPrice)));

  useEffect(() => {
    if (!complete) return setPreview(null);
    const timer = setTimeout(() => {
      api<Invoice>('POST', '/invoices/preview', body()).then(
        (p) => {
          setPreview(p);
          setErrors({});
        },
        (e) => e instanceof ApiError && setErrors({ [e.problem.field ?? '_form']: e.message }),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [party, date, lines]);

  useEffect(() => {
    if (focusQuantity.current === null) return;
    document.getElementById(`q-${focusQuantity.current}`)?.focus();
    (document.getElementById(`q-${focusQuantity.current}`) as HTMLInputElement | null)?.select();
    focusQuantity.current = null;
  }, [lines]);

  const addLine = async () => {
    const found = await findProduct(scan);
    if (typeof found === 'string') return setErrors({ scan: found });
    setErrors({});
    setScan('');
    const key = nextKey++;
    focusQuantity.current = key;
    setLines([...lines, { key, productId: found.id, name: found.name, quantity: '1', unitPrice: selling ? found.sellPrice : found.buyPrice }]);
  };
  const save = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const inv = await api<Invoice>('POST', '/invoices', body(original ? party : await handle.settle()));
      navigate(`invoices/${inv.id}`);
    } catch (e) {
      setErrors(e instanceof ApiError ? { [e.problem.field ?? '_form']: e.message } : { _form: 'ارتباط با سرور برقرار نشد' });
    } finally {
      setBusy(false);
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') navigate(leave);
  };
  const setLine = (key: number, patch: Partial<DraftLine>) => setLines(lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const lineError = (i: number, f: string) => errors[`lines[${i}].${f}`];

  return (
    <form
      class="panel wide"
      aria-label={`فاکتور ${TYPE_FA[type]}`}
      onKeyDown={onKey}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h1>
        فاکتور {TYPE_FA[type]} جدید{original && <> — از فاکتور {TYPE_FA[original.type]} شماره {faDigits(original.number ?? '')}</>}
      </h1>
      <div class="row">
        {original ? (
          <Field label="طرف حساب" name="party" value={original.partyName} onInput={() => undefined} error={errors.partyId} readOnly />
        ) : (
          <PartyInput handle={handle} id="f-party" label="طرف حساب" roles={selling ? ['customer'] : ['supplier']} onChange={setParty} error={errors.partyId} autoFocus />
        )}
        <DateField label="تاریخ" name="date" value={date} onInput={setDate} error={errors.date} />
      </div>
      <div class={`field${errors.scan ? ' invalid' : ''}`}>
        <label for="f-scan">بارکد یا کالا</label>
        <input
          id="f-scan"
          ref={scanRef}
          value={scan}
          autoComplete="off"
          aria-describedby={errors.scan ? 'f-scan-error' : undefined}
          onInput={(e) => setScan((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void addLine();
            }
          }}
        />
        {errors.scan && (
          <p class="error" id="f-scan-error" role="alert">
            {errors.scan}
          </p>
        )}
      </div>
      <DataTable headers={['ردیف', 'کالا', 'تعداد', 'فی', 'مبلغ', <span class="sr-only">حذف</span>]}>
        {lines.map((l, i) => (
          <tr key={l.key}>
            <td>{faDigits(i + 1)}</td>
            <td>{l.name}</td>
            <td>
              <input id={`q-${l.key}`} aria-label="تعداد" class="num" inputMode="decimal" value={l.quantity} aria-invalid={lineError(i, 'quantity') ? 'true' : undefined} onInput={(e) => setLine(l.key, { quantity: (e.target as HTMLInputElement).value })} />
              {lineError(i, 'quantity') && <p class="error" role="alert">{lineError(i, 'quantity')}</p>}
            </td>
            <td>
              <input
                aria-label="فی"
                class="num"
                inputMode="decimal"
                value={l.unitPrice}
                aria-invalid={lineError(i, 'unitPrice') ? 'true' : undefined}
                onInput={(e) => setLine(l.key, { unitPrice: (e.target as HTMLInputElement).value })}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    scanRef.current?.focus();
                  }
                }}
              />
              {lineError(i, 'unitPrice') && <p class="error" role="alert">{lineError(i, 'unitPrice')}</p>}
            </td>
            <td>{preview?.lines[i] ? amount(preview.lines[i].total) : ''}</td>
            <td>
              <button type="button" class="secondary" aria-label={`حذف ردیف ${faDigits(i + 1)}`} onClick={() => setLines(lines.filter((x) => x.key !== l.key))}>
                ×
              </button>
            </td>
          </tr>
        ))}
      </DataTable>
      <dl class="totals">
        <dt>جمع سطرها</dt>
        <dd>{preview ? amount(preview.subtotal) : '—'}</dd>
        <dt>مالیات بر ارزش افزوده</dt>
        <dd>{preview ? amount(preview.vat) : '—'}</dd>
        <dt id="payable-label">جمع کل</dt>
        <dd>
          <output role="status" aria-labelledby="payable-label" class="figure">
            {preview ? amount(preview.total) : '—'}
          </output>
        </dd>
      </dl>
      {errors._form && (
        <p class="error" role="alert">
          {errors._form}
        </p>
      )}
      {Object.entries(errors)
        .filter(([k]) => !['_form', 'scan', 'partyId', 'date'].includes(k) && !/^lines\[\d+\]\.(quantity|unitPrice)$/.test(k))
        .map(([k, v]) => (
          <p key={k} class="error" role="alert">
            {v}
          </p>
        ))}
      <FormActions busy={busy} submit="ثبت فاکتور" onCancel={() => navigate(leave)} />
      <p class="muted">کلیدها: Enter افزودن کالا، Ctrl+S ثبت، Esc انصراف</p>
    </form>
  );
}

/** invoices/{id}/return: a return entered against the invoice it returns (originalInvoiceId). */
export function ReturnEntry({ id }: { id: number }) {
  const { inv, error } = useInvoice(id);
  if (error) return <p class="error">{error}</p>;
  if (!inv) return <p aria-busy="true">در حال بارگذاری…</p>;
  const type = RETURN_OF[inv.type];
  return type ? <InvoiceEntry type={type} original={inv} /> : <p class="error">این فاکتور برگشت ندارد.</p>;
}

function useInvoice(id: number) {
  const [inv, setInv] = useState<Invoice | null>(null);
  const [error, setError] = useState('');
  useEffect(() => void api<Invoice>('GET', `/invoices/${id}`).then(setInv, (e: Error) => setError(e.message)), [id]);
  return { inv, error, setInv };
}

function LinesTable({ inv }: { inv: Invoice }) {
  return (
    <DataTable headers={['ردیف', 'کالا', 'تعداد', 'فی', 'مالیات', 'مبلغ']}>
      {inv.lines.map((l) => (
        <tr key={l.lineNo}>
          <td>{faDigits(l.lineNo)}</td>
          <td>{l.productName}</td>
          <td>{amount(l.quantity)}</td>
          <td>{amount(l.unitPrice)}</td>
          <td>{amount(l.vat)}</td>
          <td>{amount(l.total)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

export function InvoiceView({ id, unit, canVoid }: { id: number; unit: 'rial' | 'toman'; canVoid: boolean }) {
  const { inv, error, setInv } = useInvoice(id);
  const [voidError, setVoidError] = useState('');
  const [paying, setPaying] = useState(false);
  const reload = () => api<Invoice>('GET', `/invoices/${id}`).then(setInv);
  const cancel = async () => {
    if (!confirm('این فاکتور با سند برگشتی باطل شود؟')) return;
    try {
      setInv(await api<Invoice>('POST', `/invoices/${id}/void`, {}));
    } catch (e) {
      setVoidError((e as Error).message);
    }
  };
  if (error) return <p class="error">{error}</p>;
  if (!inv) return <p aria-busy="true">در حال بارگذاری…</p>;
  return (
    <div class="panel wide">
      <div class="toolbar">
        <h1>
          فاکتور {TYPE_FA[inv.type]} شماره {faDigits(inv.number ?? '')}
        </h1>
        <div class="actions">
          <button onClick={() => navigate(`invoices/${id}/print`)}>چاپ</button>
          {inv.status === 'posted' && /[1-9]/.test(inv.remaining) && (inv.type === 'sale' || canVoid) && !paying && (
            <button class="secondary" onClick={() => setPaying(true)}>
              {inv.type === 'sale' || inv.type === 'purchaseReturn' ? 'ثبت دریافت' : 'ثبت پرداخت'}
            </button>
          )}
          {canVoid && inv.status === 'posted' && RETURN_OF[inv.type] && (
            <button class="secondary" onClick={() => navigate(`invoices/${id}/return`)}>
              {TYPE_FA[RETURN_OF[inv.type]]}
            </button>
          )}
          {canVoid && inv.status === 'posted' && (
            <button class="secondary" onClick={() => void cancel()}>
              ابطال
            </button>
          )}
        </div>
      </div>
      {voidError && (
        <p class="error" role="alert">
          {voidError}
        </p>
      )}
      <p>
        {inv.partyName} — {faDigits(inv.dateJalali)} {inv.status === 'void' && <strong>(باطل شده)</strong>}
      </p>
      {paying && (
        <PaymentForm
          direction={inv.type === 'sale' || inv.type === 'purchaseReturn' ? 'in' : 'out'}
          forInvoice={{ invoiceId: id, partyId: inv.partyId, partyName: inv.partyName, remaining: inv.remaining }}
          onSaved={() => {
            setPaying(false);
            void reload();
          }}
          onCancel={() => setPaying(false)}
        />
      )}
      <LinesTable inv={inv} />
      <dl class="totals">
        <dt>جمع کل</dt>
        <dd>{money(inv.total, unit)}</dd>
        <dt>پرداخت‌شده</dt>
        <dd>{money(inv.paid, unit)}</dd>
        <dt>مانده</dt>
        <dd>{money(inv.remaining, unit)}</dd>
      </dl>
    </div>
  );
}

interface Business {
  name: string;
  economicCode: string;
  nationalId: string;
  address: string;
  phone: string;
}

/** The printable invoice: A4 or an 80 mm receipt, RTL, with the amount in words. */
export function InvoicePrint({ id }: { id: number }) {
  const { inv, error } = useInvoice(id);
  const [biz, setBiz] = useState<Business | null>(null);
  const [paper, setPaper] = useState<'a4' | 'receipt'>('a4');
  useEffect(() => void api<Business>('GET', '/settings').then(setBiz), []);
  if (error) return <p class="error">{error}</p>;
  if (!inv || !biz) return <p aria-busy="true">در حال بارگذاری…</p>;
  return (
    <div>
      <div class="toolbar no-print">
        <div class="field">
          <label for="f-paper">اندازه کاغذ</label>
          <select id="f-paper" value={paper} onChange={(e) => setPaper((e.target as HTMLSelectElement).value as 'a4' | 'receipt')}>
            <option value="a4">A4</option>
            <option value="receipt">رسید ۸۰ میلی‌متری</option>
          </select>
        </div>
        <button onClick={() => print()}>چاپ</button>
        <a class="button secondary" href={`/daftar/v1/invoices/${id}/print?format=${paper === 'a4' ? 'a4' : 'receipt80'}&output=pdf`} download={`invoice-${inv.number}.pdf`}>
          دریافت PDF
        </a>
        <button class="secondary" onClick={() => navigate(`invoices/${id}`)}>
          بازگشت
        </button>
      </div>
      <article class={`print ${paper}`} aria-label="نسخه چاپی فاکتور">
        <header>
          <h1>{biz.name}</h1>
          <p>
            {biz.economicCode && <>کد اقتصادی: {faDigits(biz.economicCode)} </>}
            {biz.phone && <>تلفن: {faDigits(biz.phone)}</>}
          </p>
          {biz.address && <p>{biz.address}</p>}
          <h2>
            فاکتور {TYPE_FA[inv.type]} شماره {faDigits(inv.number ?? '')} — تاریخ {faDigits(inv.dateJalali)}
          </h2>
          <p>طرف حساب: {inv.partyName}</p>
        </header>
        <LinesTable inv={inv} />
        <dl class="totals">
          <dt>جمع سطرها</dt>
          <dd>{amount(inv.subtotal)}</dd>
          {/[1-9]/.test(inv.lineDiscounts) || /[1-9]/.test(inv.discount) ? (
            <>
              <dt>تخفیف</dt>
              <dd>{amount(inv.lineDiscounts)} + {amount(inv.discount)}</dd>
            </>
          ) : null}
          <dt>مالیات بر ارزش افزوده</dt>
          <dd>{amount(inv.vat)}</dd>
          {/[1-9]/.test(inv.levy) && (
            <>
              <dt>عوارض</dt>
              <dd>{amount(inv.levy)}</dd>
            </>
          )}
          <dt>جمع کل</dt>
          <dd class="figure">{amount(inv.total)} ریال</dd>
        </dl>
        <p>به حروف: {numberToWords(inv.total.split('.')[0])} ریال</p>
        <div class="signatures">
          <span>مهر و امضای فروشنده</span>
          <span>امضای خریدار</span>
        </div>
      </article>
    </div>
  );
}

export function InvoicesPage({ unit, canBuy }: { unit: 'rial' | 'toman'; canBuy: boolean }) {
  const [items, setItems] = useState<Invoice[] | null>(null);
  const [error, setError] = useState('');
  const [type, setType] = useState('');
  const [status, setStatus] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [sheetPath, setSheetPath] = useState('/invoices');
  // The server filters (type, status, Jalali or Gregorian period); an unfinished date waits.
  useEffect(() => {
    const q = new URLSearchParams({ limit: '100' });
    if (type) q.set('type', type);
    if (status) q.set('status', status);
    const date = (v: string) => /^\d{4}\/\d{1,2}\/\d{1,2}$/.test(asciiDigits(v));
    if (from && !date(from)) return;
    if (to && !date(to)) return;
    if (from) q.set('from', asciiDigits(from));
    if (to) q.set('to', asciiDigits(to));
    setError('');
    setSheetPath(`/invoices?${q}`);
    api<Page<Invoice>>('GET', `/invoices?${q}`).then((p) => setItems(p.items), (e: Error) => setError(e.message));
  }, [type, status, from, to]);
  return (
    <div>
      <div class="toolbar">
        <h1>فاکتورها</h1>
        <div class="actions">
          <button onClick={() => navigate('invoices/new/sale')}>فاکتور فروش جدید</button>
          {canBuy && <button onClick={() => navigate('invoices/new/purchase')}>فاکتور خرید جدید</button>}
          <SheetLinks path={sheetPath} />
        </div>
      </div>
      <div class="row filters" role="search" aria-label="فیلتر فاکتورها">
        <div class="field">
          <label for="f-type">نوع فاکتور</label>
          <select id="f-type" value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value)}>
            <option value="">همه</option>
            {Object.entries(TYPE_FA).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-status">وضعیت</label>
          <select id="f-status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
            <option value="">همه</option>
            <option value="posted">ثبت‌شده</option>
            <option value="void">باطل‌شده</option>
          </select>
        </div>
        <Field label="از تاریخ" name="from" value={from} onInput={setFrom} inputMode="numeric" />
        <Field label="تا تاریخ" name="to" value={to} onInput={setTo} inputMode="numeric" />
      </div>
      {error && <p class="error">{error}</p>}
      {items && (
        <DataTable headers={['نوع', 'شماره', 'تاریخ', 'طرف حساب', 'جمع کل', 'مانده']}>
          {items.map((inv) => (
            <tr key={inv.id} class={inv.status === 'void' ? 'inactive' : ''}>
              <td>{TYPE_FA[inv.type]}</td>
              <td>
                <a
                  href={`/app/invoices/${inv.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`invoices/${inv.id}`);
                  }}
                >
                  {faDigits(inv.number ?? '')}
                </a>
              </td>
              <td>{faDigits(inv.dateJalali)}</td>
              <td>{inv.partyName}</td>
              <td>{money(inv.total, unit)}</td>
              <td>{money(inv.remaining, unit)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {items?.length === 0 && <p>فاکتوری ثبت نشده است.</p>}
    </div>
  );
}
