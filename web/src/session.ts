/**
 * The signed-in session: tokens from POST /v1/auth/verify, kept in localStorage so a reload or a
 * second tab stays signed in. Access tokens live 15 minutes, refresh tokens 30 days and rotate on
 * every use; reusing a rotated refresh token revokes the whole session on the server. So refreshing
 * is single-flight inside a tab and serialised across tabs (Web Locks), and a tab first re-reads
 * storage in case another tab already rotated.
 */
export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  plan: string;
  role: string;
  created_at: string;
}

interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  accessExpiresAt: number;
  user: SessionUser;
}

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  user: SessionUser;
}

const STORAGE_KEY = 'mw.session';
/** Refresh this long before expiry so a request never leaves with a token about to lapse. */
const REFRESH_MARGIN_MS = 60_000;

type Listener = () => void;

function readStored(): StoredSession | undefined {
  try {
    const text = localStorage.getItem(STORAGE_KEY);
    return text === null ? undefined : (JSON.parse(text) as StoredSession);
  } catch {
    return undefined;
  }
}

class SessionStore {
  private current: StoredSession | undefined = readStored();
  private refreshing: Promise<string | undefined> | undefined;
  private readonly listeners = new Set<Listener>();

  constructor() {
    // Another tab signed in, refreshed or signed out.
    window.addEventListener('storage', (event) => {
      if (event.key !== STORAGE_KEY) return;
      this.current = readStored();
      this.emit();
    });
  }

  get user(): SessionUser | undefined {
    return this.current?.user;
  }

  get signedIn(): boolean {
    return this.current !== undefined;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores the tokens of a successful verify or refresh. */
  accept(tokens: TokenResponse): void {
    this.save({ accessToken: tokens.access_token, refreshToken: tokens.refresh_token, accessExpiresAt: Date.now() + tokens.expires_in * 1000, user: tokens.user });
  }

  updateUser(user: SessionUser): void {
    if (this.current !== undefined) this.save({ ...this.current, user });
  }

  /** A valid access token, refreshed first when it is about to expire; undefined when signed out. */
  async accessToken(): Promise<string | undefined> {
    const current = this.current;
    if (current === undefined) return undefined;
    if (current.accessExpiresAt - REFRESH_MARGIN_MS > Date.now()) return current.accessToken;
    return this.refresh(current.accessToken);
  }

  /** The server refused `rejectedToken`: refresh once (unless another caller already did). */
  refreshAfterRejection(rejectedToken: string): Promise<string | undefined> {
    return this.refresh(rejectedToken);
  }

  /** Forgets the session (sign-out, or a refresh the server refused). */
  expire(): void {
    this.save(undefined);
  }

  private refresh(staleToken: string): Promise<string | undefined> {
    this.refreshing ??= this.refreshSerialised(staleToken).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshSerialised(staleToken: string): Promise<string | undefined> {
    const run = () => this.refreshNow(staleToken);
    if (typeof navigator !== 'undefined' && 'locks' in navigator) return navigator.locks.request('mw.session.refresh', run);
    return run();
  }

  private async refreshNow(staleToken: string): Promise<string | undefined> {
    // Another tab may have rotated while we waited for the lock.
    const stored = readStored();
    if (stored === undefined) {
      this.save(undefined);
      return undefined;
    }
    if (stored.accessToken !== staleToken && stored.accessExpiresAt - REFRESH_MARGIN_MS > Date.now()) {
      this.current = stored;
      this.emit();
      return stored.accessToken;
    }
    const response = await fetch('/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ refresh_token: stored.refreshToken }),
    }).catch(() => undefined);
    if (response === undefined) return stored.accessToken; // offline: keep the session, the call will fail visibly
    if (!response.ok) {
      this.save(undefined);
      return undefined;
    }
    const body = (await response.json()) as { data: TokenResponse };
    this.accept(body.data);
    return body.data.access_token;
  }

  private save(next: StoredSession | undefined): void {
    this.current = next;
    try {
      if (next === undefined) localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {
      // Private mode without storage: the session lasts as long as the tab.
    }
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

export const session = new SessionStore();
