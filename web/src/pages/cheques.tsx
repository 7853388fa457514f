import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Page } from '../api';
import { faDigits, money } from '../format';
import { navigate } from '../router';
import { PartyInput, partyHandle, type PartyRef } from '../party-input';
import { DataTable, FormActions, FormError, Select, SheetLinks, useSubmit } from '../ui';

export interface Cheque {
  id: number;
  direction: 'received' | 'issued';
  partyId: number;
  number: string;
  sayadId: string;
  bank: string;
  dueDateJalali: string;
  amount: string;
  bankAccountId: number | null;
  state: string;
  events: { id: number; action: string; revertsEventId: number | null }[];
}

/** Whether the cheque has a step after its first that is not yet reverted (what `revert` undoes). */
function revertable(c: Cheque): boolean {
  const reverted = new Set(c.events.map((e) => e.revertsEventId));
  const last = [...c.events].reverse().find((e) => e.action !== 'revert' && !reverted.has(e.id));
  return !!last && last.action !== 'record' && last.action !== 'void';
}
interface BankAccount {
  id: number;
  bankName: string;
  accountNo: string;
  active: boolean;
}

export const STATE_FA: Record<string, string> = {
  inHand: 'نزد صندوق',
  deposited: 'در جریان وصول',
  cleared: 'وصول‌شده',
  bounced: 'برگشتی',
  endorsed: 'خرج‌شده',
  returned: 'عودت‌شده',
  issued: 'صادرشده',
  cancelled: 'باطل‌شده',
  void: 'باطل با دریافت/پرداخت',
};
const DIRECTION_FA = { received: 'دریافتی', issued: 'پرداختی' } as const;

/** The steps a cheque in a state may take (docs/cheques.md), with their button labels. */
const STEPS: Record<string, Record<string, [action: string, label: string][]>> = {
  received: {
    inHand: [['deposit', 'واگذاری به بانک'], ['endorse', 'خرج کردن'], ['return', 'عودت']],
    deposited: [['clear', 'وصول'], ['bounce', 'برگشت']],
    endorsed: [['bounce', 'برگشت']],
  },
  issued: { issued: [['clear', 'پاس شد'], ['bounce', 'برگشت'], ['cancel', 'ابطال']] },
};

export const bankLabel = (b: BankAccount) => `${b.bankName} ${faDigits(b.accountNo)}`.trim();

/** The banks a deposit or an issued cheque may name. */
export function useBanks(): BankAccount[] {
  const [banks, setBanks] = useState<BankAccount[]>([]);
  useEffect(() => void api<Page<BankAccount>>('GET', '/bankAccounts?limit=100').then((p) => setBanks(p.items.filter((b) => b.active)), () => undefined), []);
  return banks;
}

export function BankSelect(props: { id: string; label: string; value: string; onChange: (v: string) => void; banks: BankAccount[]; error?: string }) {
  const options: [string, string][] = [['', '—'], ...props.banks.map((b): [string, string] => [String(b.id), bankLabel(b)])];
  return <Select id={props.id} label={props.label} value={props.value} options={options} onChange={props.onChange} error={props.error} />;
}

/** One step of a cheque: the bank for a deposit, the party for an endorsement, else just a confirmation. */
function StepForm({ cheque, action, label, banks, onDone, onCancel }: { cheque: Cheque; action: string; label: string; banks: BankAccount[]; onDone: () => void; onCancel: () => void }) {
  const [bankId, setBankId] = useState('');
  const [, setParty] = useState<PartyRef | null>(null);
  const handle = useRef(partyHandle()).current;
  const { busy, errors, run } = useSubmit();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const body: Record<string, unknown> = {};
      if (action === 'deposit' && bankId) body.bankAccountId = Number(bankId);
      if (action === 'endorse') body.partyId = (await handle.settle())?.id ?? 0;
      await api('POST', `/cheques/${cheque.id}/${action}`, body);
      onDone();
    });
  };
  return (
    <form class="panel box" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()} aria-label={`${label} چک ${cheque.number}`}>
      <h2>
        {label} — چک شماره {faDigits(cheque.number)}
      </h2>
      {action === 'deposit' && <BankSelect id="f-step-bank" label="حساب بانکی" value={bankId} onChange={setBankId} banks={banks} error={errors.bankAccountId} />}
      {action === 'endorse' && <PartyInput handle={handle} id="f-step-party" label="به چه کسی" roles={['supplier']} onChange={setParty} error={errors.partyId} autoFocus />}
      <FormError errors={errors} />
      <FormActions busy={busy} submit="ثبت" onCancel={onCancel} />
    </form>
  );
}

/** payments/cheques: every cheque by due date, with the steps its state allows. */
export function ChequesPage({ unit }: { unit: 'rial' | 'toman' }) {
  const [items, setItems] = useState<Cheque[] | null>(null);
  const [direction, setDirection] = useState('');
  const [state, setState] = useState('');
  const [step, setStep] = useState<{ cheque: Cheque; action: string; label: string } | null>(null);
  const [error, setError] = useState('');
  const banks = useBanks();
  const load = () => {
    const q = new URLSearchParams({ limit: '200' });
    if (direction) q.set('direction', direction);
    if (state) q.set('state', state);
    return api<Page<Cheque>>('GET', `/cheques?${q}`).then((p) => setItems(p.items), (e: Error) => setError(e.message));
  };
  useEffect(() => void load(), [direction, state]);
  const revert = (c: Cheque) => {
    if (!confirm(`آخرین گردش چک ${faDigits(c.number)} با سند برگشتی برگردانده شود؟`)) return;
    setError('');
    api('POST', `/cheques/${c.id}/revert`, {}).then(load, (e: Error) => setError(e.message));
  };
  return (
    <div>
      <div class="toolbar">
        <h1>چک‌ها</h1>
        <div class="actions">
          <SheetLinks path="/cheques" filters={{ direction, state }} />
          <button class="secondary" onClick={() => navigate('payments')}>
            بازگشت به دریافت و پرداخت
          </button>
        </div>
      </div>
      <div class="row filters" role="search" aria-label="فیلتر چک‌ها">
        <Select id="f-cheque-direction" label="نوع چک" value={direction} options={[['', 'همه'], ['received', 'دریافتی'], ['issued', 'پرداختی']]} onChange={setDirection} />
        <Select id="f-cheque-state" label="وضعیت" value={state} options={[['', 'همه'], ...Object.entries(STATE_FA)]} onChange={setState} />
      </div>
      {step && (
        <StepForm
          key={`${step.cheque.id}-${step.action}`}
          {...step}
          banks={banks}
          onDone={() => {
            setStep(null);
            void load();
          }}
          onCancel={() => setStep(null)}
        />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {items && (
        <DataTable headers={['نوع', 'شماره', 'سررسید', 'بانک', 'مبلغ', 'وضعیت', <span class="sr-only">کارها</span>]}>
          {items.map((c) => (
            <tr key={c.id} class={['void', 'cancelled', 'returned'].includes(c.state) ? 'inactive' : ''}>
              <td>{DIRECTION_FA[c.direction]}</td>
              <td id={`cheque-${c.id}`}>{faDigits(c.number)}</td>
              <td>{faDigits(c.dueDateJalali)}</td>
              <td>{c.bank}</td>
              <td>{money(c.amount, unit)}</td>
              <td>{STATE_FA[c.state] ?? c.state}</td>
              <td>
                <div class="actions">
                  {(STEPS[c.direction][c.state] ?? []).map(([action, label]) => (
                    <button key={action} type="button" class="secondary" aria-describedby={`cheque-${c.id}`} onClick={() => setStep({ cheque: c, action, label })}>
                      {label}
                    </button>
                  ))}
                  {revertable(c) && (
                    <button type="button" class="secondary" aria-describedby={`cheque-${c.id}`} onClick={() => revert(c)}>
                      برگرداندن
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {items?.length === 0 && <p>چکی نیست.</p>}
    </div>
  );
}
