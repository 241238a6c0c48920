// Loads data now and again every intervalMs while mounted; a slow answer never overlaps the next.
import { useEffect, useState } from 'react';

export function usePolling<T>(load: (signal: AbortSignal) => Promise<T>, intervalMs: number, deps: readonly unknown[] = []): T | undefined {
  const [data, setData] = useState<T>();

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        setData(await load(controller.signal));
      } catch {
        // The API client has already reported the failure; keep showing the last data.
      }
      if (!controller.signal.aborted) timer = setTimeout(tick, intervalMs);
    };
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
    // `load` is a fresh closure each render; callers list what it depends on in `deps`.
  }, [intervalMs, ...deps]);

  return data;
}
