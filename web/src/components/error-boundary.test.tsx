import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import * as rum from '../telemetry/rum';
import { ErrorBoundary } from './error-boundary';

function Broken(): never {
  throw new Error('render failed');
}

describe('error boundary', () => {
  it('shows a way forward instead of a blank page and reports the error to RUM', () => {
    const reported = vi.spyOn(rum.telemetry, 'error');
    vi.spyOn(console, 'error').mockImplementation(() => undefined); // React logs caught errors
    render(
      <ErrorBoundary>
        <Broken />
      </ErrorBoundary>,
    );
    expect(screen.getByRole('alert').textContent).toContain('Something went wrong on this page');
    expect(screen.getByRole('link', { name: 'Back to the home page' }).getAttribute('href')).toBe('/');
    expect(reported).toHaveBeenCalledWith(expect.objectContaining({ message: 'render failed' }), expect.objectContaining({ source: 'error_boundary' }));
  });
});
