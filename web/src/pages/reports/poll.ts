/** Calls `tick` every `intervalMs` while `active` (reports generating, a webhook test in flight). */
import { useEffect, useRef } from 'react';

/** Default interval: 1 s, short enough to feel live, long enough to cost the server nothing. */
export function usePolling(active: boolean, tick: () => void, intervalMs = 1000): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => tickRef.current(), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
}
