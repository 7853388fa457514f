import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { faDigits } from '../format';
import { navigate } from '../router';
import { DataTable, Select } from '../ui';

/**
 * «ورود از اکسل» (issue 24): choose what the file holds and the file (XLSX or CSV), see the
 * server's preview — every bad row and column, in Persian — and then write all the rows at once.
 * The server checks and writes everything (POST /imports, POST /imports/{id}/commit).
 */
const KINDS: [string, string][] = [
  ['products', 'کالاها و خدمات'],
  ['parties', 'اشخاص'],
  ['openingStock', 'موجودی اول دوره کالا'],
  ['openingBalances', 'مانده اول دوره اشخاص'],
];

interface RowError {
  row: number;
  sheetRow: number;
  column: string;
  code: string;
  detail: string;
}
interface Preview {
  id: number;
  kind: string;
  fileName: string;
  rows: number;
  valid: number;
  columns: { header: string; field: string | null }[];
  errors: RowError[];
}

/** The file's bytes in base64 (the JSON form of POST /imports). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function ImportPage({ kind: first, back }: { kind: string; back: string }) {
  const [kind, setKind] = useState(first);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [errors, setErrors] = useState<RowError[]>([]);
  const [written, setWritten] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const fail = (e: Error) => {
    setError(e.message);
    if (e instanceof ApiError && e.problem.errors) setErrors(e.problem.errors as RowError[]);
  };
  const check = async () => {
    if (!file) return setError('فایل اکسل یا CSV را انتخاب کنید');
    setBusy(true);
    setError('');
    setWritten(null);
    try {
      const p = await api<Preview>('POST', '/imports', { kind, fileName: file.name, file: await base64Of(file) });
      setPreview(p);
      setErrors(p.errors);
    } catch (e) {
      setPreview(null);
      fail(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const commit = () => {
    if (!preview) return;
    setBusy(true);
    setError('');
    api<{ written: number }>('POST', `/imports/${preview.id}/commit`, {}).then(
      (r) => {
        setWritten(r.written);
        setPreview(null);
        setBusy(false);
      },
      (e: Error) => {
        fail(e);
        setBusy(false);
      },
    );
  };
  return (
    <section aria-labelledby="import-title">
      <div class="toolbar">
        <h1 id="import-title">ورود از اکسل</h1>
        <button class="secondary" onClick={() => navigate(back)}>
          بازگشت
        </button>
      </div>
      <p>
        فایل XLSX یا CSV با سطر عنوان ستون‌ها (نام فارسی ستون‌ها، مانند خروجی اکسل دفتر، حسابفا یا سیبا). ابتدا همه سطرها بررسی می‌شوند؛ تا همه درست نباشند چیزی
        ثبت نمی‌شود.
      </p>
      <div class="row">
        <Select id="import-kind" label="محتوای فایل" value={kind} options={KINDS} onChange={(v) => (setKind(v), setPreview(null), setErrors([]))} />
        <div class="field">
          <label for="import-file">فایل</label>
          <input
            id="import-file"
            type="file"
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            onChange={(e) => (setFile((e.target as HTMLInputElement).files?.[0] ?? null), setPreview(null), setErrors([]))}
          />
        </div>
      </div>
      <div class="actions">
        <button onClick={check} disabled={busy || !file} aria-busy={busy}>
          بررسی فایل
        </button>
        {preview && preview.errors.length === 0 && (
          <button onClick={commit} disabled={busy}>
            ثبت {faDigits(String(preview.rows))} سطر
          </button>
        )}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {written !== null && <p role="status">{faDigits(String(written))} سطر ثبت شد.</p>}
      {preview && (
        <p role="status">
          {faDigits(String(preview.rows))} سطر خوانده شد؛ {faDigits(String(preview.valid))} سطر درست
          {preview.errors.length > 0 && `، ${faDigits(String(preview.errors.length))} خطا — فایل را اصلاح و دوباره بررسی کنید`}.
          {preview.columns.some((c) => c.field === null) && ` ستون‌های نادیده: ${preview.columns.filter((c) => c.field === null).map((c) => c.header).join('، ')}`}
        </p>
      )}
      {errors.length > 0 && (
        <DataTable headers={['سطر', 'ستون', 'خطا']}>
          {errors.slice(0, 500).map((e, i) => (
            <tr key={i}>
              <td>{faDigits(String(e.row))}</td>
              <td>{e.column}</td>
              <td>{e.detail}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
