import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { SwitcherClient } from "../../src/client/index.ts";
import type { Role } from "./session.ts";

export interface SignedIn {
  role: Role;
  api: SwitcherClient;
  signOut(): void;
}

export const SessionContext = createContext<SignedIn | null>(null);

/** The signed-in session; pages are rendered only after sign-in, so it is always there. */
export function useSession(): SignedIn {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession() outside the signed-in console");
  return session;
}
