import '@fontsource/vazirmatn/400.css';
import '@fontsource/vazirmatn/700.css';
import './style.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrf, type Session } from './api';
import { navigate, usePage } from './router';
import { Login } from './pages/login';
import { DashboardPage } from './pages/dashboard';
import { ProductsPage } from './pages/products';
import { CatalogSetupPage } from './pages/catalog-setup';
import { PartiesPage } from './pages/parties';
import { BackupsSection, SettingsPage } from './pages/settings';
import { InvoiceEntry, InvoicePrint, InvoicesPage, InvoiceView, ReturnEntry } from './pages/invoices';
import { PaymentsPage } from './pages/payments';
import { MoneyAccountsPage } from './pages/money-accounts';
import { ChequesPage } from './pages/cheques';
import { ReportsPage } from './pages/reports';
import { StatementPage } from './pages/statement';
import { StockCardPage } from './pages/stock-card';
import { ImportPage } from './pages/imports';
import { SurfaceKeysSection, TokensSection, UsersSection } from './pages/access';

type Role = Session['user']['role'];
const ROLE_FA: Record<Role, string> = { admin: 'مدیر', accountant: 'حسابدار', clerk: 'فروشنده' };

/**
 * The pages and who sees them: the server's role matrix (docs/security.md) decides what a call
 * may do; the console only hides what the role cannot use.
 */
const PAGES: { page: string; title: string; roles: Role[] }[] = [
  { page: '', title: 'داشبورد', roles: ['admin', 'accountant'] },
  { page: 'products', title: 'کالاها', roles: ['admin', 'accountant', 'clerk'] },
  { page: 'parties', title: 'اشخاص', roles: ['admin', 'accountant', 'clerk'] },
  { page: 'invoices', title: 'فاکتورها', roles: ['admin', 'accountant', 'clerk'] },
  { page: 'payments', title: 'دریافت و پرداخت', roles: ['admin', 'accountant', 'clerk'] },
  { page: 'reports', title: 'گزارش‌ها', roles: ['admin', 'accountant'] },
  { page: 'settings', title: 'تنظیمات', roles: ['admin'] },
];

/** invoices · invoices/new/sale · invoices/new/purchase · invoices/{id} · invoices/{id}/print · invoices/{id}/return */
function InvoiceRoutes({ sub, unit, canBuy }: { sub: string[]; unit: 'rial' | 'toman'; canBuy: boolean }) {
  if (sub[0] === 'new' && (sub[1] === 'sale' || (sub[1] === 'purchase' && canBuy))) return <InvoiceEntry key={sub[1]} type={sub[1]} />;
  const id = Number(sub[0]);
  if (!(Number.isSafeInteger(id) && id > 0)) return <InvoicesPage unit={unit} canBuy={canBuy} />;
  if (sub[1] === 'print') return <InvoicePrint id={id} />;
  if (sub[1] === 'return' && canBuy) return <ReturnEntry key={id} id={id} />;
  return <InvoiceView key={id} id={id} unit={unit} canVoid={canBuy} />;
}

/** products · products/{id} (the stock card) · products/setup (groups, units, warehouses) · products/import */
function ProductRoutes({ sub, unit, canWrite }: { sub: string[]; unit: 'rial' | 'toman'; canWrite: boolean }) {
  if (canWrite && sub[0] === 'setup') return <CatalogSetupPage />;
  if (canWrite && sub[0] === 'import') return <ImportPage kind="products" back="products" />;
  if (canWrite && Number(sub[0]) > 0) return <StockCardPage key={sub[0]} productId={Number(sub[0])} />;
  return <ProductsPage unit={unit} canWrite={canWrite} />;
}

/** payments · payments/accounts (cash registers, bank accounts) · payments/cheques */
function PaymentRoutes({ sub, unit, canPay }: { sub: string[]; unit: 'rial' | 'toman'; canPay: boolean }) {
  if (canPay && sub[0] === 'accounts') return <MoneyAccountsPage unit={unit} />;
  if (canPay && sub[0] === 'cheques') return <ChequesPage unit={unit} />;
  return <PaymentsPage unit={unit} canPay={canPay} />;
}

function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [unit, setUnit] = useState<'rial' | 'toman'>('rial');
  const page = usePage();
  useEffect(() => {
    // The session cookie is HttpOnly; daftar_signed_in says whether asking is worth a request.
    if (!/(?:^|;\s*)daftar_signed_in=1/.test(document.cookie)) return setSession(null);
    api<Session>('GET', '/session').then(
      (s) => {
        setCsrf(s.csrfToken ?? '');
        setSession(s);
      },
      () => setSession(null),
    );
  }, []);
  useEffect(() => {
    if (session) void api<{ currencyDisplay: 'rial' | 'toman' }>('GET', '/settings').then((s) => setUnit(s.currencyDisplay), () => undefined);
  }, [session]);

  if (session === undefined) return <p aria-busy="true">در حال بارگذاری…</p>;
  if (session === null) return <Login onLogin={setSession} />;

  const role = session.user.role;
  const visible = PAGES.filter((p) => p.roles.includes(role));
  const [section, ...rest] = page.split('/');
  const current = visible.find((p) => p.page === section) ?? visible[0];
  const sub = current.page === section ? rest : [];
  const logout = async () => {
    await api('DELETE', '/session').catch(() => undefined);
    setCsrf('');
    setSession(null);
    navigate('');
  };
  return (
    <div class="shell">
      <header>
        <span class="brand">{session.business.name}</span>
        <nav aria-label="اصلی">
          {visible.map((p) => (
            <a
              key={p.page}
              href={`/app/${p.page}`}
              aria-current={p === current ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(p.page);
              }}
            >
              {p.title}
            </a>
          ))}
        </nav>
        <span class="user">
          {session.user.name} ({ROLE_FA[role]})
          <button class="secondary" onClick={() => void logout()}>
            خروج
          </button>
        </span>
      </header>
      <main>
        {current.page === '' && <DashboardPage unit={unit} />}
        {current.page === 'products' && <ProductRoutes sub={sub} unit={unit} canWrite={role !== 'clerk'} />}
        {current.page === 'parties' &&
          (role !== 'clerk' && sub[0] === 'import' ? (
            <ImportPage kind="parties" back="parties" />
          ) : Number(sub[0]) > 0 && role !== 'clerk' ? (
            <StatementPage partyId={Number(sub[0])} />
          ) : (
            <PartiesPage unit={unit} canStatement={role !== 'clerk'} />
          ))}
        {current.page === 'invoices' && <InvoiceRoutes sub={sub} unit={unit} canBuy={role !== 'clerk'} />}
        {current.page === 'payments' && <PaymentRoutes sub={sub} unit={unit} canPay={role !== 'clerk'} />}
        {current.page === 'reports' && <ReportsPage sub={sub[0] ?? ''} />}
        {current.page === 'settings' && (
          <>
            <SettingsPage onSaved={(s) => setUnit(s.currencyDisplay)} />
            <UsersSection me={session.user.id} />
            <TokensSection />
            <SurfaceKeysSection />
            <BackupsSection />
          </>
        )}
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
