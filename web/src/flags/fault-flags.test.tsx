import { datadogRum } from '@datadog/browser-rum';
import { act, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Product } from '../api/types';
import { ProductCard } from '../components/product-card';
import { ProductPage } from '../pages/product-page';
import { AuthProvider } from '../state/auth-context';
import { CartProvider } from '../state/cart-context';
import { setTelemetryEnabledForTests } from '../telemetry/rum';
import { cartWith, fakeApi, product } from '../test/fake-api';
import { fetchFlags, InjectedFaultError, parseFlags, startFaultFlags, useFaultFlag, type FaultFlagsHandle, type FlagValues } from './fault-flags';

let handle: FaultFlagsHandle | undefined;
afterEach(async () => {
  await handle?.stop();
  handle = undefined;
  setTelemetryEnabledForTests(false);
});

/** Flags answered by `load`, which the test can change; resolves once the first answer is in. */
async function flagsFrom(values: FlagValues) {
  const current = { values };
  handle = startFaultFlags({ load: async () => current.values, intervalMs: 60_000 });
  await handle.ready;
  return current;
}

function Probe() {
  return <output>{String(useFaultFlag('imageSlowLoad', 0))}</output>;
}

describe('the storefront fault flags', () => {
  it('answers the off value before anything is read, then the value the gateway serves', async () => {
    render(<Probe />);
    expect(screen.getByRole('status').textContent).toBe('0');
    await act(async () => {
      await flagsFrom({ imageSlowLoad: 750, productPageJsError: false });
    });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('750'));
  });

  it('follows a change at the next refresh, and keeps the last values when the gateway cannot be read', async () => {
    let answer: () => Promise<FlagValues> = async () => ({ imageSlowLoad: 100 });
    handle = startFaultFlags({ load: () => answer(), intervalMs: 60_000 });
    await handle.ready;
    render(<Probe />);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('100'));
    answer = async () => ({ imageSlowLoad: 0 });
    await act(() => handle!.refresh());
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('0'));
    answer = () => Promise.reject(new Error('gateway down'));
    await act(() => handle!.refresh());
    expect(screen.getByRole('status').textContent).toBe('0');
  });

  it('reports every evaluation to RUM as a feature flag evaluation', async () => {
    setTelemetryEnabledForTests(true);
    const reported = vi.spyOn(datadogRum, 'addFeatureFlagEvaluation').mockImplementation(() => undefined);
    await flagsFrom({ imageSlowLoad: 1_200 });
    render(<Probe />);
    await waitFor(() => expect(reported).toHaveBeenCalledWith('imageSlowLoad', 1_200));
  });

  it('reads GET /api/flags without caching and keeps only numbers and switches', async () => {
    const api = fakeApi({ 'GET /api/flags': { body: { flags: { imageSlowLoad: 300, productPageJsError: true, junk: 'x', nested: { a: 1 } } } } });
    expect(await fetchFlags('')).toEqual({ imageSlowLoad: 300, productPageJsError: true });
    expect(api.calls[0]?.path).toBe('/api/flags');
    expect(api.fetchMock.mock.calls[0]?.[1]).toMatchObject({ cache: 'no-store' });
    expect(parseFlags(null)).toEqual({});
    expect(parseFlags({ flags: 'nope' })).toEqual({});
  });
});

describe('imageSlowLoad on the product card', () => {
  const renderCard = () =>
    render(
      <MemoryRouter>
        <ul>
          <ProductCard product={product('p-1') as Product} />
        </ul>
      </MemoryRouter>,
    );

  it('shows the picture at once while the fault is off', async () => {
    await flagsFrom({ imageSlowLoad: 0 });
    const { container } = renderCard();
    expect(container.querySelector('img')?.getAttribute('src')).toBe('/api/products/p-1/image.svg');
  });

  it('requests the picture only after the delay the fault says', async () => {
    await flagsFrom({ imageSlowLoad: 150 });
    const { container } = renderCard();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByTestId('image-pending')).toBeTruthy();
    await waitFor(() => expect(container.querySelector('img')?.getAttribute('src')).toBe('/api/products/p-1/image.svg'), { timeout: 2_000 });
  });
});

describe('productPageJsError on the product page', () => {
  /** Errors thrown by timers, caught here instead of failing the run (in a browser RUM records them). */
  function catchTimerErrors(): unknown[] {
    const thrown: unknown[] = [];
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      realSetTimeout(() => {
        try {
          callback(...args);
        } catch (error) {
          thrown.push(error);
        }
      }, ms)) as typeof setTimeout);
    return thrown;
  }

  const renderPage = () =>
    render(
      <AuthProvider initial={null}>
        <CartProvider>
          <MemoryRouter initialEntries={['/products/p-1']}>
            <Routes>
              <Route path="/products/:id" element={<ProductPage />} />
            </Routes>
          </MemoryRouter>
        </CartProvider>
      </AuthProvider>,
    );

  it('throws an uncaught error after the product is shown, and the page stays usable', async () => {
    fakeApi({ 'GET /api/products/p-1': { body: product('p-1') }, 'GET /api/cart': { body: cartWith() } });
    await flagsFrom({ productPageJsError: true });
    const thrown = catchTimerErrors();
    renderPage();
    await screen.findByRole('heading', { name: 'Product p-1' });
    await waitFor(() => expect(thrown.some((error) => error instanceof InjectedFaultError)).toBe(true));
    expect((thrown.find((error) => error instanceof InjectedFaultError) as Error).message).toContain('productPageJsError');
    expect((screen.getByRole('button', { name: 'Add to cart' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('throws nothing while the fault is off', async () => {
    fakeApi({ 'GET /api/products/p-1': { body: product('p-1') }, 'GET /api/cart': { body: cartWith() } });
    await flagsFrom({ productPageJsError: false });
    const thrown = catchTimerErrors();
    renderPage();
    await screen.findByRole('heading', { name: 'Product p-1' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(thrown).toEqual([]);
  });
});
