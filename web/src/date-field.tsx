import { useState } from 'preact/hooks';
import { Calendar, DateObject } from 'react-multi-date-picker';
import persian from 'react-date-object/calendars/persian';
import persian_fa from 'react-date-object/locales/persian_fa';
import { asciiDigits, faDigits } from './format';

/**
 * «تاریخ»: a Jalali date typed (either digit set, YYYY/MM/DD) or picked from a Jalali calendar
 * (react-multi-date-picker). The field holds what the API reads; the server checks it.
 */
export function DateField(props: { label: string; name: string; value: string; onInput: (v: string) => void; error?: string }) {
  const [open, setOpen] = useState(false);
  const id = `f-${props.name}`;
  const ascii = asciiDigits(props.value);
  const picked = /^\d{4}\/\d{1,2}\/\d{1,2}$/.test(ascii) ? new DateObject({ date: ascii, format: 'YYYY/MM/DD', calendar: persian, locale: persian_fa }) : undefined;
  return (
    <div
      class={`field${props.error ? ' invalid' : ''}`}
      onKeyDown={(e) => {
        if (open && e.key === 'Escape') {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <label for={id}>{props.label}</label>
      <div class="with-button">
        <input
          id={id}
          name={props.name}
          value={props.value}
          inputMode="numeric"
          autoComplete="off"
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={props.error ? `${id}-error` : undefined}
          aria-keyshortcuts="Alt+ArrowDown"
          onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.altKey && e.key === 'ArrowDown') {
              e.preventDefault();
              setOpen(true);
            }
          }}
        />
        {/* Out of the Tab order so the till goes party → date → barcode; Alt+↓ opens it from the field. */}
        <button type="button" class="secondary" tabIndex={-1} aria-expanded={open} aria-controls={`${id}-calendar`} onClick={() => setOpen(!open)}>
          تقویم
        </button>
      </div>
      {open && (
        <div id={`${id}-calendar`} class="calendar-pop">
          <Calendar
            calendar={persian}
            locale={persian_fa}
            value={picked}
            onChange={(d) => {
              if (d instanceof DateObject) {
                props.onInput(asciiDigits(d.format('YYYY/MM/DD')));
                setOpen(false);
              }
            }}
          />
        </div>
      )}
      {props.error && (
        <p class="error" id={`${id}-error`} role="alert">
          {props.error}
        </p>
      )}
      {!props.error && picked && <p class="muted">{faDigits(picked.format('dddd D MMMM YYYY'))}</p>}
    </div>
  );
}
