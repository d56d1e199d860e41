/**
 * Shows the current route's page: at once when its code is loaded, otherwise after loading it
 * (a spinner meanwhile). A chunk that fails to load — typically a tab left open across an upgrade,
 * whose old file names are gone — and a page that throws while rendering both end in a message with
 * a way forward instead of a blank screen.
 */
import { Component, useEffect, useState, type ErrorInfo, type ReactNode } from 'react';
import { loadedPage, loadPage, type RouteEntry } from '../routes.ts';
import { Button, Loading } from './components.tsx';

function reload(): void {
  window.location.reload();
}

function PageFailed(props: { title: string; detail: string }) {
  return (
    <div className="notice notice-error" role="alert">
      <h2>{props.title}</h2>
      <p>{props.detail}</p>
      <Button variant="primary" onClick={reload}>Reload the page</Button>
    </div>
  );
}

/** Catches a page's rendering errors so the shell (navigation, sign-out) keeps working. */
class PageErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: Error | null; resetKey: string }> {
  override state = { error: null as Error | null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { error: Error | null; resetKey: string }) {
    // Navigating elsewhere clears the error.
    return props.resetKey === state.resetKey ? null : { error: null, resetKey: props.resetKey };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Dashboard page failed to render', error, info.componentStack);
  }

  override render() {
    if (this.state.error !== null) {
      return <PageFailed title="This page ran into a problem" detail={`${this.state.error.message}. Reload the page; if it keeps happening, other pages still work from the menu.`} />;
    }
    return this.props.children;
  }
}

export function PageHost(props: { route: RouteEntry; params: Record<string, string>; path: string }) {
  const [, setLoadedCount] = useState(0);
  const [failedRoute, setFailedRoute] = useState<RouteEntry | null>(null);
  useEffect(() => {
    if (loadedPage(props.route) !== undefined) return;
    let active = true;
    loadPage(props.route).then(
      () => active && setLoadedCount((n) => n + 1),
      () => active && setFailedRoute(props.route),
    );
    return () => {
      active = false;
    };
  }, [props.route]);
  if (failedRoute === props.route) {
    return <PageFailed title="Mailwarden was updated" detail="This part of the dashboard could not be loaded, most likely because the server now runs a newer version. Reload the page to get it." />;
  }
  const Page = loadedPage(props.route);
  if (Page === undefined) return <Loading />;
  return (
    <PageErrorBoundary resetKey={props.path}>
      <Page key={props.path} params={props.params} />
    </PageErrorBoundary>
  );
}
