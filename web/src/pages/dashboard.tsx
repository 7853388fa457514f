import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { amount, faDigits, money } from '../format';
import { Card } from '../ui';

interface Dashboard {
  today: string;
  todayJalali: string;
  sales: { today: string; thisMonth: string };
  receivables: string;
  payables: string;
  cash: string;
  bank: string;
  reorder: { count: number; products: { productId: number; code: string; name: string; stock: string; orderPoint: string }[] };
  monthlySales: { month: string; net: string }[];
  chequesThisWeek: { received: { count: number; total: string }; issued: { count: number; total: string } };
}

/** GET /reports/verify: the verifier's checks. */
interface Verification {
  ok: boolean;
  checks: { name: string; ok: boolean }[];
}

/** Twelve Jalali months of net sales as bars (SVG, no chart library): heights from exact strings. */
function SalesChart({ months }: { months: Dashboard['monthlySales'] }) {
  if (!months.some((m) => /[1-9]/.test(m.net))) return <p>فروشی ثبت نشده است.</p>;
  const values = months.map((m) => Number(m.net)); // drawing only: pixel heights, never a figure shown
  const max = Math.max(1, ...values);
  const w = 100 / months.length;
  return (
    <svg viewBox="0 0 100 50" class="chart" role="img" aria-label="فروش ۱۲ ماه اخیر">
      {months.map((m, i) => (
        <rect x={100 - (i + 1) * w + w * 0.15} width={w * 0.7} y={50 - (values[i] / max) * 45} height={(values[i] / max) * 45}>
          <title>{`${faDigits(m.month)}: ${amount(m.net)}`}</title>
        </rect>
      ))}
    </svg>
  );
}

export function DashboardPage({ unit }: { unit: 'rial' | 'toman' }) {
  const [d, setD] = useState<Dashboard | null>(null);
  const [error, setError] = useState('');
  const [verifier, setVerifier] = useState<Verification | null>(null);
  useEffect(() => {
    // The figures first; the verifier reads all of the books and fills its card when it is done.
    api<Dashboard>('GET', '/reports/dashboard?verifier=false').then(setD, (e: Error) => setError(e.message));
    api<Verification>('GET', '/reports/verify').then(setVerifier, (e: Error) => setError(e.message));
  }, []);
  if (error) return <p class="error">{error}</p>;
  if (!d) return <p aria-busy="true">در حال بارگذاری…</p>;
  return (
    <div class="grid">
      <Card title="فروش امروز">
        <p class="figure">{money(d.sales.today, unit)}</p>
        <p class="muted">{faDigits(d.todayJalali)}</p>
      </Card>
      <Card title="فروش این ماه">
        <p class="figure">{money(d.sales.thisMonth, unit)}</p>
      </Card>
      <Card title="بدهکاران">
        <p class="figure">{money(d.receivables, unit)}</p>
      </Card>
      <Card title="بستانکاران">
        <p class="figure">{money(d.payables, unit)}</p>
      </Card>
      <Card title="موجودی نقد و بانک">
        <p>صندوق: {money(d.cash, unit)}</p>
        <p>بانک: {money(d.bank, unit)}</p>
      </Card>
      <Card title="چک‌های سررسید این هفته">
        <p>
          دریافتی: {faDigits(d.chequesThisWeek.received.count)} فقره، {money(d.chequesThisWeek.received.total, unit)}
        </p>
        <p>
          پرداختی: {faDigits(d.chequesThisWeek.issued.count)} فقره، {money(d.chequesThisWeek.issued.total, unit)}
        </p>
      </Card>
      <Card title="کالاهای زیر نقطه سفارش">
        {d.reorder.count === 0 ? (
          <p>همه کالاها بالای نقطه سفارش‌اند.</p>
        ) : (
          <ul>
            {d.reorder.products.map((p) => (
              <li key={p.productId}>
                {p.name}: {amount(p.stock)} (نقطه سفارش {amount(p.orderPoint)})
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="فروش ۱۲ ماه">
        <SalesChart months={d.monthlySales} />
      </Card>
      <Card title="وارسی دفاتر">
        {verifier === null ? (
          <p aria-busy="true">در حال وارسی…</p>
        ) : (
          <p>{verifier.ok ? 'دفاتر سالم است.' : `ناسازگاری: ${verifier.checks.filter((c) => !c.ok).map((c) => c.name).join('، ')}`}</p>
        )}
      </Card>
    </div>
  );
}
