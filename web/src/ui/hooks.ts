/** Data loading and form submission with the API's errors kept for display. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
  /** Loads again (after a change), keeping the old data on screen meanwhile. */
  reload: () => void;
}

/**
 * Runs `load` when `deps` change; an older response never overwrites a newer one (the earlier
 * request is aborted). `load` receives the AbortSignal to pass to the API call.
 */
export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | Error | undefined; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({ data: s.data, error: error instanceof Error ? error : new Error(String(error)), loading: false }));
      },
    );
    return () => controller.abort();
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

export interface Submission {
  busy: boolean;
  /** The error of the last attempt: `fieldErrors` holds the one the API tied to a field. */
  error: ApiError | Error | undefined;
  fieldErrors: Record<string, string>;
  run: (action: () => Promise<void>) => Promise<boolean>;
  clear: () => void;
}

/** Wraps a form's submit: busy flag, and the API's validation message placed on its field. */
export function useSubmit(): Submission {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error | undefined>(undefined);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const fieldErrors: Record<string, string> = {};
  if (error instanceof ApiError && error.field !== undefined) fieldErrors[error.field] = error.message;
  return { busy, error, fieldErrors, run, clear: () => setError(undefined) };
}
