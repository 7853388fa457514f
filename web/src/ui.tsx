import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from './api';

/** A labelled input; the server's problem for this field shows under it (aria-describedby). */
export function Field(props: {
  label: string;
  name: string;
  value: string;
  onInput: (v: string) => void;
  error?: string;
  type?: string;
  autoFocus?: boolean;
  inputMode?: 'numeric' | 'decimal' | 'tel' | 'text';
  autoComplete?: string;
  readOnly?: boolean;
}) {
  const id = `f-${props.name}`;
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete ?? 'off'}
        autoFocus={props.autoFocus}
        readOnly={props.readOnly}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
      {props.error && (
        <p class="error" id={`${id}-error`} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** A form's submit state: the server's problem, by the field it names (or the form's own). */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function run(fn: () => Promise<void>) {
    setBusy(true);
    setErrors({});
    try {
      await fn();
    } catch (e) {
      if (e instanceof ApiError) setErrors({ [e.problem.field ?? '_form']: e.message });
      else setErrors({ _form: 'ارتباط با سرور برقرار نشد' });
    } finally {
      setBusy(false);
    }
  }
  return { busy, errors, run };
}

export function FormError({ errors }: { errors: Record<string, string> }) {
  return errors._form ? (
    <p class="error" role="alert">
      {errors._form}
    </p>
  ) : null;
}

export function Card(props: { title: string; children: ComponentChildren }) {
  const id = `card-${props.title.replace(/\s+/g, '-')}`;
  return (
    <section class="card" role="region" aria-labelledby={id}>
      <h2 id={id}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** A form's buttons: submit (disabled while the server answers) and, when given, cancel. */
export function FormActions(props: { busy: boolean; submit: string; onCancel?: () => void }) {
  return (
    <div class="actions">
      <button type="submit" disabled={props.busy}>
        {props.submit}
      </button>
      {props.onCancel && (
        <button type="button" class="secondary" onClick={props.onCancel}>
          انصراف
        </button>
      )}
    </div>
  );
}

/** A table that scrolls inside its frame on a narrow screen; `headers` are its column titles. */
export function DataTable(props: { headers: (string | ComponentChildren)[]; children: ComponentChildren }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {props.headers.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** A labelled select of fixed choices ([value, label] pairs); the server's problem shows under it. */
export function Select(props: { id: string; label: string; value: string; options: [value: string, label: string][]; onChange: (v: string) => void; error?: string }) {
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
        {props.options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

/**
 * «دریافت Excel» and «دریافت CSV» links of a report or list: `path` is the /daftar/v1 path (it
 * may carry a query), `filters` the list's filters (empty ones left out); the server answers
 * `format=xlsx|csv` with the whole list (docs/reports.md).
 */
export function SheetLinks({ path, filters = {} }: { path: string; filters?: Record<string, string> }) {
  const [base, query] = path.split('?');
  const href = (format: string) => {
    const q = new URLSearchParams(query ?? '');
    for (const [k, v] of Object.entries(filters)) if (v.trim() !== '') q.set(k, v.trim());
    q.delete('limit');
    q.set('format', format);
    return `/daftar/v1${base}?${q}`;
  };
  return (
    <>
      <a class="button secondary" href={href('xlsx')} download>
        دریافت Excel
      </a>
      <a class="button secondary" href={href('csv')} download>
        دریافت CSV
      </a>
    </>
  );
}
