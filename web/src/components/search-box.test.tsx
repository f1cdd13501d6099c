import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../test/fake-api';
import { SearchBox } from './search-box';

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.search}</p>;
}

function renderBox() {
  render(
    <MemoryRouter initialEntries={['/']}>
      <SearchBox />
      <Routes>
        <Route path="*" element={<Where />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('search box with type-ahead', () => {
  it('suggests as you type and picks a suggestion with the keyboard', async () => {
    const api = fakeApi({ 'GET /api/search/suggest': { body: { suggestions: ['Nexon', 'Nexon Classic Earbuds (Red)'] } } });
    const user = userEvent.setup();
    renderBox();
    const box = screen.getByRole('combobox', { name: 'Search products' });
    await user.type(box, 'Nex');
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Nexon', 'Nexon Classic Earbuds (Red)']);
    expect(box.getAttribute('aria-expanded')).toBe('true');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(screen.getByRole('option', { selected: true }).textContent).toBe('Nexon Classic Earbuds (Red)');
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('where').textContent).toBe('/search?q=Nexon%20Classic%20Earbuds%20(Red)');
    expect(api.calls.at(-1)?.path).toBe('/api/search/suggest?q=Nex');
  });

  it('closes the list with Escape and searches what was typed', async () => {
    fakeApi({ 'GET /api/search/suggest': { body: { suggestions: ['Hearthly'] } } });
    const user = userEvent.setup();
    renderBox();
    const box = screen.getByRole('combobox', { name: 'Search products' });
    await user.type(box, 'hea');
    await screen.findByRole('option');
    await user.keyboard('{Escape}');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    await user.keyboard('dphones{Enter}');
    expect(screen.getByTestId('where').textContent).toBe('/search?q=headphones');
  });

  it('still searches when suggestions fail', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const user = userEvent.setup();
    renderBox();
    await user.type(screen.getByRole('combobox', { name: 'Search products' }), 'lamp{Enter}');
    expect(screen.queryByRole('option')).toBeNull();
    expect(screen.getByTestId('where').textContent).toBe('/search?q=lamp');
  });
});
