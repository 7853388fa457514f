import { useEffect, useState } from 'preact/hooks';
import { DataTable } from '../ui';
import { DateObject } from 'react-multi-date-picker';
import gregorian from 'react-date-object/calendars/gregorian';
import persian from 'react-date-object/calendars/persian';
import persian_fa from 'react-date-object/locales/persian_fa';
import { api } from '../api';
import { amount, faDigits } from '../format';

interface Line {
  movementId: number;
  date: string;
  warehouse: number;
  docType: string;
  quantityIn: string;
  quantityOut: string;
  value: string;
  runningQuantity: string;
  runningValue: string;
}
interface Card {
  productName: string;
  lines: Line[];
}
interface Product {
  name: string;
  stock: { total: string; byWarehouse: { warehouseId: number; code: number; quantity: string }[] } | null;
}

const DOC_FA: Record<string, string> = { invoice: 'فاکتور', invoice_void: 'ابطال فاکتور', stock_adjustment: 'تعدیل', opening_reversal: 'اصلاح اول دوره', recost: 'اصلاح بها' };
const jalali = (iso: string) => new DateObject({ date: iso.slice(0, 10), format: 'YYYY-MM-DD', calendar: gregorian }).convert(persian, persian_fa).format('YYYY/MM/DD');

/** A product's stock per warehouse and its stock card (every movement, running quantity and value). */
export function StockCardPage({ productId }: { productId: number }) {
  const [p, setP] = useState<Product | null>(null);
  const [card, setCard] = useState<Card | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api<Product>('GET', `/products/${productId}`).then(setP, (e: Error) => setError(e.message));
    api<Card>('GET', `/reports/stock-card?productId=${productId}&limit=1000`).then(setCard, (e: Error) => setError(e.message));
  }, [productId]);
  if (error) return <p class="error">{error}</p>;
  if (!p || !card) return <p aria-busy="true">در حال بارگذاری…</p>;
  return (
    <section aria-labelledby="card-title">
      <h1 id="card-title">کارت کالا: {p.name}</h1>
      <h2>موجودی انبارها</h2>
      <ul>
        {(p.stock?.byWarehouse ?? []).map((w) => (
          <li key={w.warehouseId}>
            انبار {faDigits(w.code)}: {amount(w.quantity)}
          </li>
        ))}
        <li>
          <strong>جمع: {amount(p.stock?.total ?? '0')}</strong>
        </li>
      </ul>
      <DataTable headers={['تاریخ', 'سند', 'انبار', 'وارده', 'صادره', 'مانده', 'ارزش مانده']}>
        {card.lines.map((l) => (
          <tr key={l.movementId}>
            <td>{jalali(l.date)}</td>
            <td>{DOC_FA[l.docType] ?? l.docType}</td>
            <td>{faDigits(l.warehouse)}</td>
            <td>{amount(l.quantityIn)}</td>
            <td>{amount(l.quantityOut)}</td>
            <td>{amount(l.runningQuantity)}</td>
            <td>{amount(l.runningValue)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
