import { liveQuery } from 'dexie';
import { useEffect, useState, type DependencyList } from 'react';

/** A Dexie query as React state, re-run whenever the tables it read change (any tab). */
export function useLive<T>(query: () => Promise<T>, deps: DependencyList, initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: setValue,
      // IndexedDB unavailable (private mode): the workstation still works online.
      error: () => setValue(initial),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return value;
}
