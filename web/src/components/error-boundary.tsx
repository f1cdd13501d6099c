import { Component, type ErrorInfo, type ReactNode } from 'react';
import { telemetry } from '../telemetry/rum';

interface Props {
  children: ReactNode;
  /** Changing it clears a caught error (the layout passes the path, so navigating away recovers). */
  resetKey?: string;
}

/** Catches render errors: the customer sees a way forward instead of a white page, and RUM gets the error. */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    telemetry.error(error, { source: 'error_boundary', component_stack: info.componentStack?.slice(0, 2_000) ?? null });
  }

  override componentDidUpdate(previous: Props): void {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="status status--error page-error" role="alert">
        <strong>Something went wrong on this page</strong>
        <p>Our team has been notified. You can try again or keep shopping.</p>
        <div className="button-row">
          <button type="button" className="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          <a className="button button--secondary" href="/">
            Back to the home page
          </a>
        </div>
      </div>
    );
  }
}
