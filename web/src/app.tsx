/** The shell: sign-in gate, sidebar navigation, theme switch, and the page for the current path. */
import { useState, useSyncExternalStore } from 'react';
import { threat } from './api.ts';
import { Link, navigate, useLocation } from './router.tsx';
import { findRoute, routes } from './routes.ts';
import { session } from './session.ts';
import { currentTheme, setTheme, type Theme } from './theme.ts';
import { Button, EmptyState } from './ui/components.tsx';
import { PageHost } from './ui/page-host.tsx';
import SignIn from './pages/sign-in.tsx';

function useSignedIn(): boolean {
  return useSyncExternalStore((listener) => session.subscribe(listener), () => session.signedIn);
}

function isCurrent(pattern: string, path: string): boolean {
  return pattern === '/' ? path === '/' : path === pattern || path.startsWith(`${pattern}/`);
}

function Sidebar(props: { path: string; onNavigate: () => void }) {
  const [theme, setThemeState] = useState<Theme>(currentTheme());
  const groups = ['', 'Threat intelligence', 'Deliverability', 'Settings'] as const;
  const signOut = async () => {
    await threat('/auth/logout', { method: 'POST', body: {} }).catch(() => undefined);
    session.expire();
    navigate('/sign-in');
  };
  const toggleTheme = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    setTheme(next);
    setThemeState(next);
  };
  return (
    <nav className="sidebar" aria-label="Main">
      <Link to="/" className="brand" onClick={props.onNavigate}>
        <img src="/favicon.svg" alt="" width="24" height="24" /> Mailwarden
      </Link>
      {groups.map((group) => (
        <div key={group}>
          {group !== '' && <div className="nav-group">{group}</div>}
          {routes
            .filter((r) => r.nav !== undefined && r.nav.group === group)
            .map((r) => (
              <Link key={r.pattern} to={r.pattern} className="nav-link" aria-current={isCurrent(r.pattern, props.path) ? 'page' : undefined} onClick={props.onNavigate}>
                {r.nav!.label}
              </Link>
            ))}
        </div>
      ))}
      <div className="sidebar-footer">
        <span className="muted small" title={session.user?.email}>{session.user?.email}</span>
        <Button variant="ghost" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </Button>
        <Button variant="ghost" onClick={() => void signOut()}>Sign out</Button>
      </div>
    </nav>
  );
}

export function App() {
  const signedIn = useSignedIn();
  const { path, query } = useLocation();
  const [navOpen, setNavOpen] = useState(false);
  if (path === '/sign-in' || !signedIn) {
    // Remember where the user was going; sign-in comes back to it.
    const next = path === '/sign-in' ? (query.get('next') ?? '/') : `${path}${window.location.search}`;
    return <SignIn token={path === '/sign-in' ? query.get('token') : null} next={next} />;
  }
  const found = findRoute(path);
  return (
    <div className={`shell${navOpen ? ' nav-open' : ''}`}>
      <a className="skip-link" href="#main">Skip to content</a>
      <div className="topbar">
        <Button variant="ghost" aria-expanded={navOpen} aria-label="Menu" onClick={() => setNavOpen(!navOpen)}>☰ Menu</Button>
        <strong>Mailwarden</strong>
      </div>
      <Sidebar path={path} onNavigate={() => setNavOpen(false)} />
      <main className="content" id="main" onClick={() => navOpen && setNavOpen(false)}>
        {found === undefined ? (
          <EmptyState title="Page not found" action={<Link to="/" className="btn">Go to the overview</Link>}>
            Nothing lives at {path}.
          </EmptyState>
        ) : (
          <PageHost route={found.route} params={found.params} path={path} />
        )}
      </main>
    </div>
  );
}
