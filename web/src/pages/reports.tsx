import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
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
  list: 'rows' | 'lines';
  columns: Column[];
  totals: Column[];
  /** a bar chart of the rows' net sales */
  chart?: boolean;
}

/** The statements the console shows; each is the server's report as it is (no sums in the browser). */
const REPORTS: ReportDef[] = [
  {
    slug: 'trial-balance',
    title: 'تراز آزمایشی',
    path: '/reports/trial-balance',
    list: 'rows',
    columns: [
      { key: 'code', title: 'کد' },
      { key: 'name', title: 'حساب' },
      { key: 'periodDebit', title: 'گردش بدهکار', money: true },
      { key: 'periodCredit', title: 'گردش بستانکار', money: true },
      { key: 'closingDebit', title: 'مانده بدهکار', money: true },
      { key: 'closingCredit', title: 'مانده بستانکار', money: true },
    ],
    totals: [
      { key: 'periodDebit', title: 'جمع گردش بدهکار' },
      { key: 'periodCredit', title: 'جمع گردش بستانکار' },
      { key: 'closingDebit', title: 'جمع مانده بدهکار' },
      { key: 'closingCredit', title: 'جمع مانده بستانکار' },
    ],
  },
  {
    slug: 'profit-and-loss',
    title: 'سود و زیان',
    path: '/reports/profit-and-loss',
    list: 'lines',
    columns: [
      { key: 'code', title: 'کد' },
      { key: 'name', title: 'حساب' },
      { key: 'amount', title: 'مبلغ', money: true },
    ],
    totals: [
      { key: 'revenue', title: 'فروش' },
      { key: 'costOfSales', title: 'بهای تمام‌شده کالای فروش‌رفته' },
      { key: 'grossProfit', title: 'سود ناخالص' },
      { key: 'expenses', title: 'هزینه‌ها' },
      { key: 'netProfit', title: 'سود خالص' },
    ],
  },
  {
    slug: 'balance-sheet',
    title: 'ترازنامه',
    path: '/reports/balance-sheet',
    list: 'lines',
    columns: [
      { key: 'code', title: 'کد' },
      { key: 'name', title: 'حساب' },
      { key: 'amount', title: 'مبلغ', money: true },
    ],
    totals: [
      { key: 'assets', title: 'دارایی‌ها' },
      { key: 'liabilities', title: 'بدهی‌ها' },
      { key: 'equity', title: 'سرمایه' },
      { key: 'currentProfit', title: 'سود دوره' },
      { key: 'liabilitiesAndEquity', title: 'بدهی‌ها و سرمایه' },
    ],
  },
  {
    slug: 'sales-month',
    title: 'فروش ماهانه',
    path: '/reports/sales?groupBy=month',
    list: 'rows',
    chart: true,
    columns: [
      { key: 'name', title: 'ماه' },
      { key: 'quantity', title: 'مقدار', money: true },
      { key: 'net', title: 'فروش خالص', money: true },
      { key: 'cogs', title: 'بهای تمام‌شده', money: true },
      { key: 'margin', title: 'سود ناخالص', money: true },
    ],
    totals: [
      { key: 'net', title: 'جمع فروش خالص' },
      { key: 'cogs', title: 'جمع بهای تمام‌شده' },
      { key: 'margin', title: 'جمع سود ناخالص' },
    ],
  },
  {
    slug: 'sales-product',
    title: 'فروش کالاها',
    path: '/reports/sales?groupBy=product',
    list: 'rows',
    chart: true,
    columns: [
      { key: 'name', title: 'کالا' },
      { key: 'quantity', title: 'مقدار', money: true },
      { key: 'net', title: 'فروش خالص', money: true },
      { key: 'cogs', title: 'بهای تمام‌شده', money: true },
      { key: 'margin', title: 'سود ناخالص', money: true },
    ],
    totals: [
      { key: 'net', title: 'جمع فروش خالص' },
      { key: 'cogs', title: 'جمع بهای تمام‌شده' },
      { key: 'margin', title: 'جمع سود ناخالص' },
    ],
  },
  {
    slug: 'sales-party',
    title: 'فروش مشتریان',
    path: '/reports/sales?groupBy=party',
    list: 'rows',
    chart: true,
    columns: [
      { key: 'name', title: 'مشتری' },
      { key: 'quantity', title: 'مقدار', money: true },
      { key: 'net', title: 'فروش خالص', money: true },
      { key: 'cogs', title: 'بهای تمام‌شده', money: true },
      { key: 'margin', title: 'سود ناخالص', money: true },
    ],
    totals: [
      { key: 'net', title: 'جمع فروش خالص' },
      { key: 'cogs', title: 'جمع بهای تمام‌شده' },
      { key: 'margin', title: 'جمع سود ناخالص' },
    ],
  },
  {
    slug: 'inventory',
    title: 'موجودی کالا',
    path: '/reports/inventory-valuation',
    list: 'rows',
    columns: [
      { key: 'productCode', title: 'کد' },
      { key: 'productName', title: 'کالا' },
      { key: 'quantity', title: 'مقدار', money: true },
      { key: 'value', title: 'ارزش', money: true },
    ],
    totals: [{ key: 'value', title: 'جمع ارزش' }],
  },
];

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
        <a class="button secondary" href={`/daftar/v1${def.path}${def.path.includes('?') ? '&' : '?'}format=csv`} download>
          دریافت CSV
        </a>
      </div>
      {def.chart && <Bars rows={rows} />}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              {def.columns.map((c) => (
                <th key={c.key} scope="col">
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {def.columns.map((c) => (
                  <td key={c.key}>{cell(c, r[c.key])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl class="totals" aria-label={`جمع ${def.title}`}>
        {def.totals.map((c) => [<dt key={`${c.key}-t`}>{c.title}</dt>, <dd key={c.key}>{amount(data.totals?.[c.key] ?? '0')}</dd>])}
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
      </div>
      {def ? <Report def={def} /> : <p>یکی از گزارش‌ها را انتخاب کنید.</p>}
    </div>
  );
}
