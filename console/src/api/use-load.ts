import { useCallback, useEffect, useState } from "preact/hooks";
import { plainError } from "./plain-error.ts";

/** What an openapi-fetch call resolves to. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export type Outcome<T> = { ok: true; data: T } | { ok: false; message: string; status?: number };

/** Runs one API call; a refused call or a network failure becomes a plain-words message. */
export async function run<T>(request: () => Promise<Answer<T>>): Promise<Outcome<T>> {
  try {
    const answer = await request();
    if (!answer.response.ok || answer.error !== undefined) return { ok: false, message: plainError(answer), status: answer.response.status };
    return { ok: true, data: answer.data as T };
  } catch {
    return { ok: false, message: plainError({}) };
  }
}

export interface Loaded<T> {
  data?: T;
  error?: string;
  loading: boolean;
  reload(): void;
}

/** Loads `request` when `deps` change (and on `reload()`); keeps the last data while reloading. */
export function useLoad<T>(request: () => Promise<Answer<T>>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    void run(request).then((outcome) => {
      if (!current) return;
      setState(outcome.ok ? { data: outcome.data, loading: false } : { error: outcome.message, loading: false });
    });
    return () => {
      current = false;
    };
    // The caller names what the request depends on, as with useEffect.
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...state, reload };
}
