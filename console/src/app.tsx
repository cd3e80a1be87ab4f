import { useMemo, useState } from "preact/hooks";
import { Link, Redirect, Route, Router, Switch } from "wouter-preact";
import { useHashLocation } from "wouter-preact/use-hash-location";
import { agentIdFrom } from "./agent-path.ts";
import { apiClient } from "./api/client.ts";
import { AgentDetailPage } from "./pages/agent-detail.tsx";
import { AgentsPage } from "./pages/agents.tsx";
import { KeysPage } from "./pages/keys.tsx";
import { ProfilesPage } from "./pages/profiles.tsx";
import { RequestsPage } from "./pages/requests.tsx";
import { SignInPage } from "./pages/sign-in.tsx";
import { UsagePage } from "./pages/usage.tsx";
import { clearSession, loadSession, saveSession, type Session } from "./session.ts";
import { SessionContext, type SignedIn } from "./session-context.ts";

const PAGES = [
  { href: "/agents", label: "Agents" },
  { href: "/profiles", label: "Profiles" },
  { href: "/keys", label: "Keys" },
  { href: "/requests", label: "Requests" },
  { href: "/usage", label: "Usage" },
];

/** The console: sign-in first, then the pages, routed in the URL's hash (so any static server serves it). */
export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const signedIn = useMemo<SignedIn | null>(
    () =>
      session && {
        role: session.role,
        api: apiClient(session.key),
        signOut: () => {
          clearSession();
          setSession(null);
        },
      },
    [session],
  );

  if (!signedIn) {
    return (
      <SignInPage
        onSignedIn={(next) => {
          saveSession(next);
          setSession(next);
        }}
      />
    );
  }

  return (
    <SessionContext.Provider value={signedIn}>
      <Router hook={useHashLocation}>
        <header class="top">
          <strong>Model Switcher</strong>
          <nav>
            {PAGES.map((page) => (
              <Link key={page.href} href={page.href} className={(active: boolean) => (active ? "active" : undefined)}>
                {page.label}
              </Link>
            ))}
          </nav>
          <span class="who">{signedIn.role === "admin" ? "admin key" : "per-agent key"}</span>
          <button type="button" onClick={signedIn.signOut}>
            Sign out
          </button>
        </header>
        <main>
          <Switch>
            <Route path="/agents" component={AgentsPage} />
            <Route path="/agents/:id">{(params: { id: string }) => <AgentDetailPage agentId={agentIdFrom(params.id)} />}</Route>
            <Route path="/profiles" component={ProfilesPage} />
            <Route path="/keys" component={KeysPage} />
            <Route path="/requests" component={RequestsPage} />
            <Route path="/usage" component={UsagePage} />
            <Route>
              <Redirect to="/agents" replace />
            </Route>
          </Switch>
        </main>
      </Router>
    </SessionContext.Provider>
  );
}
