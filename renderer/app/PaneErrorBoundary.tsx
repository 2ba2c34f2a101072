// Keeps a failing pane from taking the window down: the error is shown in the pane with a
// button to mount it again, and every other pane keeps working.
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  readonly name: string;
  readonly children: ReactNode;
}

export class PaneErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`pane ${this.props.name} failed:`, error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    // A lazily loaded chunk that vanished (the app was rebuilt or updated) only comes back with a reload.
    const stale = /dynamically imported module|Importing a module script failed/i.test(
      this.state.error.message,
    );
    return (
      <div className="pane-error" role="alert" data-testid="pane-error">
        <p>
          The {this.props.name} pane failed: {this.state.error.message}
        </p>
        {stale ? (
          <button onClick={() => window.location.reload()}>Reload the window (the app was rebuilt)</button>
        ) : (
          <button onClick={() => this.setState({ error: null })}>Reopen the pane</button>
        )}
      </div>
    );
  }
}
