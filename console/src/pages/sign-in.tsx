import { useState } from "preact/hooks";
import { ErrorNote } from "../components/error-note.tsx";
import type { Session } from "../session.ts";
import { checkKey } from "../sign-in.ts";

/** Sign-in with the admin key or a per-agent key; the key stays in this tab only. */
export function SignInPage({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const [error, setError] = useState<string>();
  const [checking, setChecking] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setChecking(true);
    const outcome = await checkKey(String(new FormData(event.currentTarget as HTMLFormElement).get("key") ?? ""));
    setChecking(false);
    if (outcome.ok) onSignedIn(outcome.data);
    else setError(outcome.message);
  }

  return (
    <main class="sign-in">
      <form class="card stacked" onSubmit={submit}>
        <h1>Model Switcher</h1>
        <p>Sign in with the admin key (ROUTER_ADMIN_KEY), or with a per-agent key to see only its agents.</p>
        <label>
          Key
          <input name="key" type="password" autocomplete="off" required autofocus />
        </label>
        <button type="submit" disabled={checking}>
          {checking ? "Checking…" : "Sign in"}
        </button>
        <ErrorNote message={error} />
        <p class="meta">The key is kept for this browser tab only, and forgotten when the tab closes.</p>
      </form>
    </main>
  );
}
