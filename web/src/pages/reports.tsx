import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { DataTable, SheetLinks } from '../ui';
import { amount, faDigits } from '../format';
import { navigate } from '../router';

interface Column {
  key: string;
  title: string;
  money?: boolean;
}
interface ReportDef {
  slug: string;
  title: string;
  path: string;
  list: 'rows' | 'lines' | 'items';
  columns: Column[];
  totals: Column[];
  /** false: the server has no CSV/XLSX of it */
  sheet?: boolean;
  /** a bar chart of the rows' net sales */
  chart?: boolean;
}

/** A column: its key in the server's rows, its title, and whether it is a figure. */
const col = (key: string, title: string, money = false): Column => ({ key, title, money });
/** An account statement's lines (profit and loss, balance sheet). */
const ACCOUNT_LINES = [col('code', 'کد'), col('name', 'حساب'), col('amount', 'مبلغ', true)];

/** Sales grouped by month, product or customer, with a bar chart of net sales. */
function salesBy(groupBy: 'month' | 'product' | 'party', title: string, first: string): ReportDef {
  const columns = [col('name', first), col('quantity', 'مقدار', true), col('net', 'فروش خالص', true), col('cogs', 'بهای تمام‌شده', true), col('margin', 'سود ناخالص', true)];
  const totals = [col('net', 'جمع فروش خالص'), col('cogs', 'جمع بهای تمام‌شده'), col('margin', 'جمع سود ناخالص')];
  return { slug: `sales-${groupBy}`, title, path: `/reports/sales?groupBy=${groupBy}`, list: 'rows', chart: true, columns, totals };
}

/** The statements the console shows; each is the server's report as it is (no sums in the browser). */
const REPORTS: ReportDef[] = [
  {
    slug: 'trial-balance',
    title: 'تراز آزمایشی',
    path: '/reports/trial-balance',
    list: 'rows',
    columns: [col('code', 'کد'), col('name', 'حساب'), col('periodDebit', 'گردش بدهکار', true), col('periodCredit', 'گردش بستانکار', true), col('closingDebit', 'مانده بدهکار', true), col('closingCredit', 'مانده بستانکار', true)],
    totals: [col('periodDebit', 'جمع گردش بدهکار'), col('periodCredit', 'جمع گردش بستانکار'), col('closingDebit', 'جمع مانده بدهکار'), col('closingCredit', 'جمع مانده بستانکار')],
  },
  {
    slug: 'profit-and-loss',
    title: 'سود و زیان',
    path: '/reports/profit-and-loss',
    list: 'lines',
    columns: ACCOUNT_LINES,
    totals: [col('revenue', 'فروش'), col('costOfSales', 'بهای تمام‌شده کالای فروش‌رفته'), col('grossProfit', 'سود ناخالص'), col('expenses', 'هزینه‌ها'), col('netProfit', 'سود خالص')],
  },
  {
    slug: 'balance-sheet',
    title: 'ترازنامه',
    path: '/reports/balance-sheet',
    list: 'lines',
    columns: ACCOUNT_LINES,
    totals: [col('assets', 'دارایی‌ها'), col('liabilities', 'بدهی‌ها'), col('equity', 'سرمایه'), col('currentProfit', 'سود دوره'), col('liabilitiesAndEquity', 'بدهی‌ها و سرمایه')],
  },
  salesBy('month', 'فروش ماهانه', 'ماه'),
  salesBy('product', 'فروش کالاها', 'کالا'),
  salesBy('party', 'فروش مشتریان', 'مشتری'),
  {
    slug: 'inventory',
    title: 'موجودی کالا',
    path: '/reports/inventory-valuation',
    list: 'rows',
    columns: [col('productCode', 'کد'), col('productName', 'کالا'), col('quantity', 'مقدار', true), col('value', 'ارزش', true)],
    totals: [col('value', 'جمع ارزش')],
  },
  {
    slug: 'cheques-due',
    title: 'چک‌های در راه',
    path: '/reports/cheques-due',
    list: 'items',
    columns: [col('dueDateJalali', 'سررسید'), col('number', 'شماره چک'), col('partyName', 'طرف حساب'), col('directionFa', 'نوع'), col('amount', 'مبلغ', true)],
    totals: [col('received', 'جمع دریافتی'), col('issued', 'جمع پرداختی'), col('net', 'خالص')],
  },
  {
    slug: 'aging',
    title: 'گزارش سنی',
    path: '/reports/aging',
    list: 'items',
    columns: [
      col('partyName', 'طرف حساب'),
      col('sideFa', 'نوع'),
      col('buckets.days0to30', '۰ تا ۳۰ روز', true),
      col('buckets.days31to60', '۳۱ تا ۶۰ روز', true),
      col('buckets.days61to90', '۶۱ تا ۹۰ روز', true),
      col('buckets.over90', 'بیش از ۹۰ روز', true),
      col('total', 'جمع', true),
    ],
    totals: [col('receivable.total', 'جمع بدهکاران'), col('payable.total', 'جمع بستانکاران')],
  },
];

/** A value by a dotted path (`buckets.over90`); the words the server sends as codes, in Persian. */
function valueAt(row: Record<string, unknown>, path: string): unknown {
  if (path === 'directionFa') return row.direction === 'received' ? 'دریافتی' : 'پرداختی';
  if (path === 'sideFa') return row.side === 'receivable' ? 'بدهکار' : 'بستانکار';
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), row);
}

/** Net sales per row as horizontal bars (Number() only for the bar lengths, never a shown figure). */
function Bars({ rows }: { rows: Record<string, string>[] }) {
  const top = rows.slice(0, 12);
  if (!top.some((r) => /[1-9]/.test(r.net ?? ''))) return null;
  const max = Math.max(1, ...top.map((r) => Number(r.net)));
  return (
    <div class="bars" role="img" aria-label="نمودار فروش خالص">
      {top.map((r, i) => (
        <div key={i} class="bar-row">
          <span class="bar-label">{faDigits(r.name)}</span>
          <span class="bar" style={{ width: `${Math.max(0, (Number(r.net) / max) * 100)}%` }} title={amount(r.net)} />
        </div>
      ))}
    </div>
  );
}

type Data = Record<string, unknown> & { totals?: Record<string, string> };

function Report({ def }: { def: ReportDef }) {
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    setData(null);
    api<Data>('GET', def.path).then(setData, (e: Error) => setError(e.message));
  }, [def.slug]);
  if (error) return <p class="error">{error}</p>;
  if (!data) return <p aria-busy="true">در حال بارگذاری…</p>;
  const rows = (data[def.list] as Record<string, string>[]) ?? [];
  const cell = (c: Column, v: unknown) => (c.money ? amount(v as string) : faDigits(String(v ?? '')));
  return (
    <section aria-labelledby="report-title">
      <div class="toolbar">
        <h2 id="report-title">{def.title}</h2>
        {def.sheet !== false && (
          <div class="actions">
            <SheetLinks path={def.path} />
          </div>
        )}
      </div>
      {def.chart && <Bars rows={rows} />}
      <DataTable headers={def.columns.map((c) => c.title)}>
        {rows.map((r, i) => (
          <tr key={i}>
            {def.columns.map((c) => (
              <td key={c.key}>{cell(c, valueAt(r, c.key))}</td>
            ))}
          </tr>
        ))}
      </DataTable>
      <dl class="totals" aria-label={`جمع ${def.title}`}>
        {def.totals.map((c) => [<dt key={`${c.key}-t`}>{c.title}</dt>, <dd key={c.key}>{amount((valueAt(data.totals ?? {}, c.key) as string) ?? '0')}</dd>])}
      </dl>
    </section>
  );
}

export function ReportsPage({ sub }: { sub: string }) {
  const def = REPORTS.find((r) => r.slug === sub);
  return (
    <div>
      <h1>گزارش‌ها</h1>
      <div class="subnav">
        {REPORTS.map((r) => (
          <a
            key={r.slug}
            href={`/app/reports/${r.slug}`}
            aria-current={r === def ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate(`reports/${r.slug}`);
            }}
          >
            {r.title}
          </a>
        ))}
        <a
          href="/app/reports/fiscal-years"
          aria-current={sub === 'fiscal-years' ? 'page' : undefined}
          onClick={(e) => {
            e.preventDefault();
            navigate('reports/fiscal-years');
          }}
        >
          سال‌های مالی
        </a>
      </div>
      {sub === 'fiscal-years' ? <FiscalYears /> : def ? <Report key={def.slug} def={def} /> : <p>یکی از گزارش‌ها را انتخاب کنید.</p>}
    </div>
  );
}

interface FiscalYear {
  id: number;
  jalaliYear: number;
  startDateJalali: string;
  endDateJalali: string;
  closed: boolean;
  closingVoucherId: number | null;
  openingVoucherId: number | null;
}

/**
 * The fiscal years: close one (its result into retained earnings, the closing and next year's
 * opening vouchers; postings into it refused from then on) or reopen it (the admin's).
 */
function FiscalYears() {
  const [years, setYears] = useState<FiscalYear[] | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const load = () => api<{ items: FiscalYear[] }>('GET', '/fiscalYears').then((r) => setYears(r.items), (e: Error) => setError(e.message));
  useEffect(() => void load(), []);
  const act = (y: FiscalYear, action: 'close' | 'reopen') => {
    const ask =
      action === 'close'
        ? `سال مالی ${faDigits(y.jalaliYear)} بسته شود؟ سند اختتامیه و افتتاحیه سال بعد ثبت می‌شود و پس از آن هیچ سندی با تاریخ این سال ثبت نمی‌شود.`
        : `سال مالی ${faDigits(y.jalaliYear)} بازگشایی شود؟ اسناد اختتامیه و افتتاحیه با اسناد برگشتی خنثی می‌شوند.`;
    if (!confirm(ask)) return;
    setBusy(true);
    setError('');
    api('POST', `/fiscalYears/${y.id}/${action}`, {})
      .then(load, (e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };
  return (
    <section aria-labelledby="fy-title">
      <h2 id="fy-title">سال‌های مالی</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {years && (
        <DataTable headers={['سال', 'از', 'تا', 'وضعیت', <span class="sr-only">کارها</span>]}>
          {years.map((y) => (
            <tr key={y.id}>
              <td id={`fy-${y.id}`}>{faDigits(y.jalaliYear)}</td>
              <td>{faDigits(y.startDateJalali)}</td>
              <td>{faDigits(y.endDateJalali)}</td>
              <td>{y.closed ? `بسته (اختتامیه: سند ${faDigits(y.closingVoucherId ?? '')})` : 'باز'}</td>
              <td>
                <button type="button" class="secondary" disabled={busy} aria-describedby={`fy-${y.id}`} onClick={() => act(y, y.closed ? 'reopen' : 'close')}>
                  {y.closed ? 'بازگشایی' : 'بستن سال'}
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
