import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from './api';
import { asciiDigits, faDigits } from './format';

export interface PartyRef {
  id: number;
  code: string;
  name: string;
  roles: string[];
}

/** What a form awaits before it submits: the party the typed text resolves to. */
export interface PartyHandle {
  settle: () => Promise<PartyRef | null>;
}

export const partyHandle = (): PartyHandle => ({ settle: async () => null });

/**
 * «طرف حساب»: a text field with the parties as suggestions. What is typed resolves to one party:
 * its exact name or code, else the only party whose name contains it. `roles` orders the
 * suggestions (customers first on a sale); any party may be chosen.
 */
export function PartyInput(props: { handle?: PartyHandle; id: string; label: string; roles: string[]; onChange: (p: PartyRef | null) => void; error?: string; autoFocus?: boolean }) {
  const [parties, setParties] = useState<PartyRef[]>([]);
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<PartyRef | null>(null);
  const resolve = (typed: string, found: PartyRef[]): PartyRef | null => {
    const t = typed.trim();
    if (!t) return null;
    const ascii = asciiDigits(t);
    const exact = found.find((p) => p.name === t || p.code === ascii);
    if (exact) return exact;
    const some = found.filter((p) => p.name.includes(t));
    return some.length === 1 ? some[0] : null;
  };
  // The server searches (name or code); what is typed resolves against its answer. A form
  // awaits `handle.settle()` before it submits, so a quick Enter never outruns the lookup.
  useEffect(() => {
    let live = true;
    const q = new URLSearchParams({ limit: '20' });
    if (text.trim()) q.set('q', asciiDigits(text.trim()));
    const lookup = api<Page<PartyRef>>('GET', `/parties?${q}`).then((p) => {
      const match = resolve(text, p.items);
      if (live) {
        setParties(p.items);
        setChosen(match);
        props.onChange(match);
      }
      return match;
    });
    if (props.handle) props.handle.settle = () => lookup;
    return () => {
      live = false;
    };
  }, [text]);
  const ordered = [...parties].sort((a, b) => Number(b.roles.some((r) => props.roles.includes(r))) - Number(a.roles.some((r) => props.roles.includes(r))));
  const update = (v: string) => setText(v);
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        list={`${props.id}-list`}
        value={text}
        autoComplete="off"
        autoFocus={props.autoFocus}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={`${props.id}-chosen`}
        onInput={(e) => update((e.target as HTMLInputElement).value)}
      />
      <datalist id={`${props.id}-list`}>
        {ordered.map((p) => (
          <option key={p.id} value={p.name}>
            {faDigits(p.code)}
          </option>
        ))}
      </datalist>
      <p class={props.error ? 'error' : 'muted'} id={`${props.id}-chosen`} role={props.error ? 'alert' : undefined}>
        {props.error ?? (chosen ? `کد ${faDigits(chosen.code)}` : text.trim() ? 'شخصی با این نام یا کد پیدا نشد' : '')}
      </p>
    </div>
  );
}
