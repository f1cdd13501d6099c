import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../api/http';
import { usePageTitle } from '../hooks/use-page';
import { useAuth } from '../state/auth-context';

/** Only same-site paths: `next` comes from the URL and must not send anyone to another site. */
export function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function validateCredentials(values: { name?: string; email: string; password: string }, signup: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  if (signup && !values.name?.trim()) errors.name = 'Enter your name.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())) errors.email = 'Enter a valid e-mail address.';
  if (signup && values.password.length < 8) errors.password = 'Use at least 8 characters.';
  if (!signup && !values.password) errors.password = 'Enter your password.';
  return errors;
}

function AuthForm({ mode }: { mode: 'login' | 'signup' }) {
  const signup = mode === 'signup';
  usePageTitle(signup ? 'Create an account' : 'Sign in');
  const auth = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [values, setValues] = useState({ name: '', email: '', password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateCredentials(values, signup);
    setErrors(found);
    setFailure(null);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`auth-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      if (signup) await auth.signup(values.name.trim(), values.email.trim(), values.password);
      else await auth.login(values.email.trim(), values.password);
      navigate(next, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'email_taken') setFailure('An account with this e-mail already exists. Sign in instead.');
      else if (error instanceof ApiError && error.code === 'validation_failed') setFailure('Please check the details you entered.');
      else setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const input = (name: 'name' | 'email' | 'password', label: string, type: string, autoComplete: string) => (
    <div className={`field${errors[name] ? ' field--invalid' : ''}`}>
      <label htmlFor={`auth-${name}`}>{label}</label>
      <input
        id={`auth-${name}`}
        name={name}
        type={type}
        autoComplete={autoComplete}
        value={values[name]}
        onChange={(event) => setValues((v) => ({ ...v, [name]: event.target.value }))}
        aria-invalid={Boolean(errors[name])}
        aria-describedby={errors[name] ? `auth-${name}-error` : undefined}
      />
      {errors[name] && (
        <p id={`auth-${name}-error`} className="field__error">
          {errors[name]}
        </p>
      )}
    </div>
  );

  const other = signup ? `/login?next=${encodeURIComponent(next)}` : `/signup?next=${encodeURIComponent(next)}`;
  return (
    <div className="auth-page">
      <form className="auth-card" onSubmit={submit} noValidate>
        <h1>{signup ? 'Create your account' : 'Sign in'}</h1>
        {params.get('reason') === 'cart' && <p className="notice">Sign in or create an account to add items to your cart.</p>}
        {failure && (
          <p className="notice notice--error" role="alert">
            {failure}
          </p>
        )}
        {signup && input('name', 'Your name', 'text', 'name')}
        {input('email', 'E-mail', 'email', 'email')}
        {input('password', 'Password', 'password', signup ? 'new-password' : 'current-password')}
        <button type="submit" className="button button--large button--block" disabled={busy}>
          {busy ? 'One moment…' : signup ? 'Create account' : 'Sign in'}
        </button>
        <p className="auth-card__switch">
          {signup ? 'Already have an account? ' : 'New to ShopFast? '}
          <Link to={other}>{signup ? 'Sign in' : 'Create an account'}</Link>
        </p>
      </form>
    </div>
  );
}

export const LoginPage = () => <AuthForm mode="login" />;
export const SignupPage = () => <AuthForm mode="signup" />;
