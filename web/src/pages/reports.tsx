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
        {def.list === 'rows' || def.slug === 'profit-and-loss' || def.slug === 'balance-sheet' ? (
          <a class="button secondary" href={`/daftar/v1${def.path}?format=csv`} download>
            دریافت CSV
          </a>
        ) : null}
      </div>
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
