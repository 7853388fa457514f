import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Page } from '../api';
import { asciiDigits, faDigits, money } from '../format';
import { PartyInput, partyHandle, type PartyRef } from '../party-input';
import { DataTable, Field, FormActions, FormError, Select, SheetLinks, useSubmit } from '../ui';
import { DateField } from '../date-field';
import { todayJalali } from '../dates';
import { navigate } from '../router';
import { BankSelect } from './cheques';

interface Payment {
  id: number;
  direction: 'in' | 'out';
  dateJalali: string;
  partyName?: string;
  partyId: number;
  amount: string;
  method: string;
  status: 'posted' | 'void';
}
interface BankAccount {
  id: number;
  bankName: string;
  accountNo: string;
  active: boolean;
}
interface CashRegister {
  id: number;
  name: string;
  active: boolean;
}


const METHOD_FA: Record<string, string> = { cash: 'نقد', bank: 'بانک', card: 'کارت', cheque: 'چک' };

/** For an invoice: its party, and the remaining amount as the default. */
export interface PaymentFor {
  invoiceId: number;
  partyId: number;
  partyName: string;
  remaining: string;
}

export function PaymentForm({ direction, onSaved, onCancel, forInvoice }: { direction: 'in' | 'out'; onSaved: () => void; onCancel: () => void; forInvoice?: PaymentFor }) {
  const [, setParty] = useState<PartyRef | null>(null);
  const handle = useRef(partyHandle()).current;
  const [sum, setSum] = useState(forInvoice?.remaining ?? '');
  const [method, setMethod] = useState('cash');
  const [date, setDate] = useState(todayJalali());
  const [description, setDescription] = useState('');
  const [banks, setBanks] = useState<BankAccount[]>([]);
  const [registers, setRegisters] = useState<CashRegister[]>([]);
  const [bankId, setBankId] = useState('');
  const [registerId, setRegisterId] = useState('');
  const [cheque, setCheque] = useState({ number: '', sayadId: '', bank: '', dueDate: todayJalali() });
  const { busy, errors, run } = useSubmit();
  useEffect(() => {
    void api<Page<BankAccount>>('GET', '/bankAccounts?limit=100').then((p) => setBanks(p.items.filter((b) => b.active)), () => undefined);
    void api<Page<CashRegister>>('GET', '/cashRegisters?limit=100').then((p) => setRegisters(p.items.filter((c) => c.active)), () => undefined);
  }, []);
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const partyId = forInvoice ? forInvoice.partyId : ((await handle.settle())?.id ?? 0);
      const body: Record<string, unknown> = { direction, partyId, date: asciiDigits(date), amount: asciiDigits(sum.trim()), method };
      if (forInvoice) body.invoiceId = forInvoice.invoiceId;
      if ((method === 'bank' || method === 'card') && bankId) body.bankAccountId = Number(bankId);
      if (method === 'cash' && registerId) body.cashRegisterId = Number(registerId);
      if (method === 'cheque') {
        const c: Record<string, unknown> = { number: asciiDigits(cheque.number.trim()), dueDate: asciiDigits(cheque.dueDate) };
        if (cheque.sayadId.trim()) c.sayadId = asciiDigits(cheque.sayadId.trim());
        if (cheque.bank.trim()) c.bank = cheque.bank.trim();
        if (direction === 'out' && bankId) c.bankAccountId = Number(bankId);
        body.cheque = c;
      }
      if (description.trim()) body.description = description.trim();
      await api('POST', '/payments', body);
      onSaved();
    });
  };
  const title = direction === 'in' ? 'دریافت جدید' : 'پرداخت جدید';
  return (
    <form class="panel" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()} aria-label={title}>
      <h2>{title}</h2>
      {forInvoice ? (
        <p>طرف حساب: {forInvoice.partyName}</p>
      ) : (
        <PartyInput handle={handle} id="f-pay-party" label="طرف حساب" roles={direction === 'in' ? ['customer'] : ['supplier']} onChange={setParty} error={errors.partyId} autoFocus />
      )}
      <Field label="مبلغ" name="amount" value={sum} onInput={setSum} error={errors.amount ?? errors.invoiceId} inputMode="decimal" autoFocus={!!forInvoice} />
      <DateField label="تاریخ" name="pay-date" value={date} onInput={setDate} error={errors.date} />
      <div class="field">
        <label for="f-method">روش</label>
        <select id="f-method" value={method} onChange={(e) => setMethod((e.target as HTMLSelectElement).value)}>
          <option value="cash">نقد</option>
          <option value="bank">بانک</option>
          <option value="card">کارت (کارت‌خوان)</option>
          <option value="cheque">چک</option>
        </select>
      </div>
      {method === 'cheque' && (
        <fieldset class="cheque">
          <legend>{direction === 'in' ? 'چک دریافتی' : 'چک پرداختی'}</legend>
          <Field label="شماره چک" name="cheque-number" value={cheque.number} onInput={(v) => setCheque({ ...cheque, number: v })} error={errors['cheque.number']} inputMode="numeric" />
          <Field label="شناسه صیادی" name="cheque-sayad" value={cheque.sayadId} onInput={(v) => setCheque({ ...cheque, sayadId: v })} error={errors['cheque.sayadId']} inputMode="numeric" />
          {direction === 'in' && <Field label="بانک" name="cheque-bank" value={cheque.bank} onInput={(v) => setCheque({ ...cheque, bank: v })} error={errors['cheque.bank']} />}
          <DateField label="سررسید" name="cheque-due" value={cheque.dueDate} onInput={(v) => setCheque({ ...cheque, dueDate: v })} error={errors['cheque.dueDate']} />
          {direction === 'out' && <BankSelect id="f-cheque-bank" label="از دسته‌چک حساب" value={bankId} onChange={setBankId} banks={banks} error={errors['cheque.bankAccountId']} />}
        </fieldset>
      )}
      {(method === 'bank' || method === 'card') && <BankSelect id="f-bank" label="حساب بانکی" value={bankId} onChange={setBankId} banks={banks} error={errors.bankAccountId} />}
      {method === 'cash' && registers.length > 1 && (
        <Select id="f-register" label="صندوق" value={registerId} options={registers.map((c): [string, string] => [String(c.id), c.name])} onChange={setRegisterId} error={errors.cashRegisterId} />
      )}
      <Field label="شرح" name="pay-description" value={description} onInput={setDescription} error={errors.description} />
      <FormError errors={errors} />
      <FormActions busy={busy} submit="ثبت" onCancel={onCancel} />
    </form>
  );
}

export function PaymentsPage({ unit, canPay }: { unit: 'rial' | 'toman'; canPay: boolean }) {
  const [items, setItems] = useState<Payment[] | null>(null);
  const [form, setForm] = useState<'in' | 'out' | null>(null);
  const [error, setError] = useState('');
  const load = () => api<Page<Payment>>('GET', '/payments?limit=100').then((p) => setItems(p.items), (e: Error) => setError(e.message));
  useEffect(() => void load(), []);
  const cancel = (p: Payment) => {
    if (!confirm(`${p.direction === 'in' ? 'دریافت' : 'پرداخت'} ${faDigits(p.id)} با سند برگشتی باطل شود؟`)) return;
    setError('');
    api('POST', `/payments/${p.id}/void`, {}).then(load, (e: Error) => setError(e.message));
  };
  return (
    <div>
      <div class="toolbar">
        <h1>دریافت و پرداخت</h1>
        {!form && (
          <div class="actions">
            <button onClick={() => setForm('in')}>دریافت جدید</button>
            {canPay && (
              <button class="secondary" onClick={() => setForm('out')}>
                پرداخت جدید
              </button>
            )}
            <SheetLinks path="/payments" />
            {canPay && (
              <button class="secondary" onClick={() => navigate('payments/cheques')}>
                چک‌ها
              </button>
            )}
            {canPay && (
              <button class="secondary" onClick={() => navigate('payments/accounts')}>
                صندوق‌ها و حساب‌های بانکی
              </button>
            )}
          </div>
        )}
      </div>
      {form && (
        <PaymentForm
          direction={form}
          onSaved={() => {
            setForm(null);
            void load();
          }}
          onCancel={() => setForm(null)}
        />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {items && (
        <DataTable headers={['نوع', 'تاریخ', 'طرف حساب', 'روش', 'مبلغ', ...(canPay ? [<span class="sr-only">کارها</span>] : [])]}>
          {items.map((p) => (
            <tr key={p.id} class={p.status === 'void' ? 'inactive' : ''}>
              <td id={`payment-${p.id}`}>
                {p.direction === 'in' ? 'دریافت' : 'پرداخت'} {faDigits(p.id)}
                {p.status === 'void' && ' (باطل‌شده)'}{' '}
                <a href={`/daftar/v1/payments/${p.id}/print`} target="_blank" rel="noopener" aria-label={`چاپ رسید ${faDigits(p.id)}`}>
                  چاپ
                </a>
              </td>
              <td>{faDigits(p.dateJalali)}</td>
              <td>{p.partyName ?? faDigits(p.partyId)}</td>
              <td>{METHOD_FA[p.method] ?? p.method}</td>
              <td>{money(p.amount, unit)}</td>
              {canPay && (
                <td>
                  {p.status === 'posted' && (
                    <button type="button" class="secondary" aria-describedby={`payment-${p.id}`} onClick={() => cancel(p)}>
                      ابطال
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
