import { useState } from 'preact/hooks';
import { api, setCsrf, type Session } from '../api';
import { Field, FormError, useSubmit } from '../ui';

export function Login({ onLogin }: { onLogin: (s: Session) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, errors, run } = useSubmit();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const s = await api<Session>('POST', '/session', { username, password });
      setCsrf(s.csrfToken ?? '');
      onLogin(s);
    });
  };
  return (
    <main class="login">
      <form onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">ورود به دفتر</h1>
        <Field label="نام کاربری" name="username" value={username} onInput={setUsername} error={errors.username} autoFocus autoComplete="username" />
        <Field label="رمز عبور" name="password" type="password" value={password} onInput={setPassword} error={errors.password} autoComplete="current-password" />
        <FormError errors={errors} />
        <button type="submit" disabled={busy}>
          ورود
        </button>
      </form>
    </main>
  );
}
