import { useEffect, useState } from 'preact/hooks';
import { DataTable } from '../ui';
import { api } from '../api';
import { amount, faDigits } from '../format';
import { navigate } from '../router';

interface StatementItem {
  dateJalali: string;
  voucherNumber: number;
  document: { kind: string; number: number; title: string; invoiceId?: number };
  description: string;
  debit: string;
  credit: string;
  balance: string;
}
interface Statement {
  partyName: string;
  partyCode: string;
  openingBalance: string;
  closingBalance: string;
  totals: { debit: string; credit: string };
  items: StatementItem[];
  nextCursor: string | null;
}

/** A balance in words of the books: positive = the party owes (بدهکار), negative = is owed (بستانکار). */
const side = (v: string) => (v.startsWith('-') ? `${amount(v.slice(1))} بستانکار` : v === '0' ? '۰' : `${amount(v)} بدهکار`);

/** A party's statement: one row per document, its printed number, the running balance (the server's). */
export function StatementPage({ partyId }: { partyId: number }) {
  const [s, setS] = useState<Statement | null>(null);
  const [error, setError] = useState('');
  useEffect(() => void api<Statement>('GET', `/parties/${partyId}/statement?limit=500`).then(setS, (e: Error) => setError(e.message)), [partyId]);
  if (error) return <p class="error">{error}</p>;
  if (!s) return <p aria-busy="true">در حال بارگذاری…</p>;
  return (
    <section aria-labelledby="statement-title">
      <div class="toolbar">
        <h1 id="statement-title">صورت‌حساب {s.partyName}</h1>
        <a class="button secondary" href={`/daftar/v1/parties/${partyId}/statement?format=csv`} download>
          دریافت CSV
        </a>
      </div>
      <p>مانده اول دوره: {side(s.openingBalance)}</p>
      <DataTable headers={['تاریخ', 'سند', 'شرح', 'بدهکار', 'بستانکار', 'مانده']}>
        {s.items.map((r, i) => (
          <tr key={i}>
            <td>{faDigits(r.dateJalali)}</td>
            <td>
              {r.document.invoiceId ? (
                <a
                  href={`/app/invoices/${r.document.invoiceId}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`invoices/${r.document.invoiceId}`);
                  }}
                >
                  {r.document.title} {faDigits(r.document.number)}
                </a>
              ) : (
                <>
                  {r.document.title} {faDigits(r.document.number)}
                </>
              )}
            </td>
            <td>{r.description}</td>
            <td>{amount(r.debit)}</td>
            <td>{amount(r.credit)}</td>
            <td>{side(r.balance)}</td>
          </tr>
        ))}
      </DataTable>
      <dl class="totals" aria-label="جمع صورت‌حساب">
        <dt>جمع بدهکار</dt>
        <dd>{amount(s.totals.debit)}</dd>
        <dt>جمع بستانکار</dt>
        <dd>{amount(s.totals.credit)}</dd>
        <dt>مانده</dt>
        <dd>{side(s.closingBalance)}</dd>
      </dl>
    </section>
  );
}
