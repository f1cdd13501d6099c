import { BrowserRouter, Route, Routes } from 'react-router';
import type { RuntimeConfig } from '../config/runtime-config';
import { AdminFaultsPage } from '../pages/admin-faults-page';
import { CartPage } from '../pages/cart-page';
import { CheckoutPage } from '../pages/checkout-page';
import { HomePage } from '../pages/home-page';
import { LoginPage, SignupPage } from '../pages/auth-pages';
import { NotFoundPage } from '../pages/not-found-page';
import { OrderPage } from '../pages/order-page';
import { OrdersPage } from '../pages/orders-page';
import { ProductPage } from '../pages/product-page';
import { SearchPage } from '../pages/search-page';
import { AuthProvider } from '../state/auth-context';
import { CartProvider } from '../state/cart-context';
import { ConfigProvider } from '../state/config-context';
import { Layout } from './layout';

export function App({ config }: { config: RuntimeConfig }) {
  return (
    <ConfigProvider config={config}>
      <AuthProvider>
        <CartProvider>
          <BrowserRouter>
            <Routes>
              <Route element={<Layout />}>
                <Route index element={<HomePage />} />
                <Route path="search" element={<SearchPage />} />
                <Route path="products/:id" element={<ProductPage />} />
                <Route path="cart" element={<CartPage />} />
                <Route path="checkout" element={<CheckoutPage />} />
                <Route path="orders" element={<OrdersPage />} />
                <Route path="orders/:id" element={<OrderPage />} />
                <Route path="login" element={<LoginPage />} />
                <Route path="signup" element={<SignupPage />} />
                <Route path="admin/faults" element={<AdminFaultsPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </CartProvider>
      </AuthProvider>
    </ConfigProvider>
  );
}
