import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { ErrorBoundary } from '../components/error-boundary';
import { SearchBox } from '../components/search-box';
import { useAuth } from '../state/auth-context';
import { useCart } from '../state/cart-context';
import { CATEGORIES } from './categories';

export function Layout() {
  const { user, logout } = useAuth();
  const cart = useCart();
  const location = useLocation();
  const count = cart.cart?.itemCount ?? 0;
  // NavLink ignores the query string: every category link would look active on /search.
  const currentCategory = location.pathname === '/search' ? new URLSearchParams(location.search).get('category') : null;

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="logo" aria-label="ShopFast home">
            <span className="logo__mark" aria-hidden="true">S</span>
            <span className="logo__text">ShopFast</span>
          </Link>
          <SearchBox />
          <nav className="account-nav" aria-label="Account">
            {user ? (
              <>
                <NavLink to="/orders">Orders</NavLink>
                <span className="account-nav__hello">Hi, {user.name.split(' ')[0]}</span>
                <button type="button" className="link-button" onClick={logout}>
                  Sign out
                </button>
              </>
            ) : (
              <>
                <NavLink to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>Sign in</NavLink>
                <NavLink to="/signup" className="button button--small">
                  Create account
                </NavLink>
              </>
            )}
            <NavLink to="/cart" className="cart-link" aria-label={`Cart, ${count} item${count === 1 ? '' : 's'}`}>
              <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
                <path fill="currentColor" d="M7 18a2 2 0 1 0 0 4 2 2 0 0 0 0-4Zm10 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4ZM6.2 6l.9 5.2c.1.5.6.8 1 .8h8.6c.5 0 .9-.3 1-.8L19 6H6.2ZM5.8 4H21a1 1 0 0 1 1 1.2l-1.7 7.3A3 3 0 0 1 17.4 15H8.3a3 3 0 0 1-3-2.5L3.9 4H2V2h2.7c.5 0 1 .4 1.1.9L5.8 4Z" />
              </svg>
              <span>Cart</span>
              {count > 0 && <span className="cart-link__count">{count}</span>}
            </NavLink>
          </nav>
        </div>
        <nav className="category-nav" aria-label="Categories">
          <ul>
            {CATEGORIES.map((category) => (
              <li key={category.id}>
                <Link
                  to={`/search?category=${category.id}`}
                  className={currentCategory === category.id ? 'active' : undefined}
                  aria-current={currentCategory === category.id ? 'page' : undefined}
                >
                  {category.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        <ErrorBoundary resetKey={location.pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
      <footer className="site-footer">
        <div>
          <strong>ShopFast</strong> · Free returns within 30 days · Secure checkout
        </div>
        <div className="site-footer__small">
          A reference shop instrumented end to end with Datadog. <Link to="/admin/faults">Fault control</Link>
        </div>
      </footer>
    </div>
  );
}
