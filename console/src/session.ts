// The key the operator signed in with, kept in sessionStorage: it lives as long as the browser tab, no longer.
const STORAGE_KEY = "model-switcher.console.key";

/** `admin`: the admin key (every page). `agent`: a per-agent key, limited to its agents' pages. */
export type Role = "admin" | "agent";

export interface Session {
  key: string;
  role: Role;
}

export function loadSession(): Session | null {
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (!stored) return null;
  try {
    const parsed = JSON.parse(stored) as Partial<Session>;
    return typeof parsed.key === "string" && (parsed.role === "admin" || parsed.role === "agent") ? { key: parsed.key, role: parsed.role } : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
