import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../api';
import { faDigits } from '../format';
import { DataTable, Field, FormError, useSubmit } from '../ui';

interface User {
  id: number;
  username: string;
  name: string;
  role: 'admin' | 'accountant' | 'clerk';
  active: boolean;
}
interface Token {
  id: number;
  name: string;
  userId: number;
  createdAtJalali: string;
  token?: string;
}
const ROLE_FA: Record<User['role'], string> = { admin: 'مدیر', accountant: 'حسابدار', clerk: 'فروشنده' };

/** Users and roles (admin): create, change role, disable (the server refuses the last admin). */
export function UsersSection({ me }: { me: number }) {
  const [users, setUsers] = useState<User[]>([]);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<User['role']>('clerk');
  const { busy, errors, run } = useSubmit();
  const rowErrors = useSubmit();
  const load = () => api<Page<User>>('GET', '/users?limit=500').then((p) => setUsers(p.items));
  useEffect(() => void load(), []);
  const create = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await api('POST', '/users', { username, password, name: name || undefined, role });
      setUsername('');
      setPassword('');
      setName('');
      await load();
    });
  };
  const patch = (u: User, change: Partial<User>) => void rowErrors.run(async () => (await api('PATCH', `/users/${u.id}`, change), await load()));
  return (
    <section class="panel" aria-labelledby="users-title">
      <h2 id="users-title">کاربران</h2>
      <DataTable headers={['نام کاربری', 'نام', 'نقش', 'فعال']}>
        {users.map((u) => (
          <tr key={u.id} class={u.active ? '' : 'inactive'}>
            <td dir="ltr">{u.username}</td>
            <td>{u.name}</td>
            <td>
              <select aria-label={`نقش ${u.username}`} value={u.role} disabled={u.id === me} onChange={(e) => patch(u, { role: (e.target as HTMLSelectElement).value as User['role'] })}>
                {Object.entries(ROLE_FA).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </select>
            </td>
            <td>
              <input type="checkbox" aria-label={`فعال بودن ${u.username}`} checked={u.active} disabled={u.id === me} onChange={(e) => patch(u, { active: (e.target as HTMLInputElement).checked })} />
            </td>
          </tr>
        ))}
      </DataTable>
      <FormError errors={rowErrors.errors} />
      <form onSubmit={create} aria-label="کاربر جدید">
        <h3>کاربر جدید</h3>
        <div class="row">
          <Field label="نام کاربری" name="new-username" value={username} onInput={setUsername} error={errors.username} />
          <Field label="رمز عبور" name="new-password" type="password" value={password} onInput={setPassword} error={errors.password} autoComplete="new-password" />
          <Field label="نام" name="new-name" value={name} onInput={setName} error={errors.name} />
          <div class="field">
            <label for="f-new-role">نقش</label>
            <select id="f-new-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as User['role'])}>
              {Object.entries(ROLE_FA).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </div>
        </div>
        <FormError errors={errors} />
        <button type="submit" disabled={busy}>
          افزودن کاربر
        </button>
      </form>
    </section>
  );
}

/** API tokens for programs (/daftar/v1 bearer): the secret is shown once, then only its name. */
export function TokensSection() {
  const [tokens, setTokens] = useState<Token[]>([]);
  const [name, setName] = useState('');
  const [fresh, setFresh] = useState<Token | null>(null);
  const { busy, errors, run } = useSubmit();
  const load = () => api<Page<Token>>('GET', '/apiTokens?limit=500').then((p) => setTokens(p.items));
  useEffect(() => void load(), []);
  const create = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      setFresh(await api<Token>('POST', '/apiTokens', { name }));
      setName('');
      await load();
    });
  };
  const revoke = (t: Token) => {
    if (!confirm(`توکن «${t.name}» باطل شود؟ برنامه‌هایی که با آن کار می‌کنند (سیبا، فروشگاه اینترنتی، …) دیگر دسترسی ندارند.`)) return;
    void run(async () => (await api('DELETE', `/apiTokens/${t.id}`), await load()));
  };
  return (
    <section class="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">توکن‌های دسترسی برنامه‌ها</h2>
      {fresh && (
        <div role="status" class="notice">
          <p>توکن «{fresh.name}» فقط همین یک بار نمایش داده می‌شود:</p>
          <code dir="ltr">{fresh.token}</code>
        </div>
      )}
      <ul>
        {tokens.map((t) => (
          <li key={t.id}>
            {t.name} — {faDigits(t.createdAtJalali)}{' '}
            <button type="button" class="secondary" aria-label={`ابطال توکن ${t.name}`} onClick={() => revoke(t)}>
              ابطال
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={create} aria-label="توکن جدید">
        <Field label="نام توکن" name="token-name" value={name} onInput={setName} error={errors.name} />
        <FormError errors={errors} />
        <button type="submit" disabled={busy}>
          ساخت توکن
        </button>
      </form>
    </section>
  );
}

type SurfaceSecrets = { surface: 'hesabfa' | 'chortke'; apiKey?: string; loginToken?: string; token?: string };
const SURFACE_FA = { hesabfa: 'حسابفا', chortke: 'چرتکه' } as const;

/**
 * The compatible surfaces' own keys (admin): new Hesabfa apiKey + loginToken or a new Chortke
 * token, shown once; the old ones stop at once. Siba takes an API token made above.
 */
export function SurfaceKeysSection() {
  const [fresh, setFresh] = useState<SurfaceSecrets | null>(null);
  const { busy, errors, run } = useSubmit();
  const rotate = (surface: SurfaceSecrets['surface']) => {
    if (!confirm(`کلید تازه برای ${SURFACE_FA[surface]} ساخته شود؟ برنامه‌ای که با کلید فعلی کار می‌کند (مثلاً افزونه فروشگاه) تا کلید تازه را نگیرد قطع می‌شود.`)) return;
    void run(async () => setFresh(await api<SurfaceSecrets>('POST', `/surfaceCredentials/${surface}`, {})));
  };
  return (
    <section class="panel" aria-labelledby="surface-keys-title">
      <h2 id="surface-keys-title">کلیدهای اتصال حسابفا و چرتکه</h2>
      <p class="muted">برنامه‌هایی که با رابط سیبا کار می‌کنند یک توکن دسترسی از بخش بالا می‌گیرند.</p>
      {fresh && (
        <div role="status" class="notice">
          <p>کلید تازه {SURFACE_FA[fresh.surface]} فقط همین یک بار نمایش داده می‌شود:</p>
          {fresh.apiKey && (
            <p dir="ltr">
              apiKey: <code>{fresh.apiKey}</code>
            </p>
          )}
          {fresh.loginToken && (
            <p dir="ltr">
              loginToken: <code>{fresh.loginToken}</code>
            </p>
          )}
          {fresh.token && (
            <p dir="ltr">
              token: <code>{fresh.token}</code>
            </p>
          )}
        </div>
      )}
      <FormError errors={errors} />
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => rotate('hesabfa')}>
          کلید تازه حسابفا
        </button>
        <button type="button" disabled={busy} onClick={() => rotate('chortke')}>
          توکن تازه چرتکه
        </button>
      </div>
    </section>
  );
}
