import type { ComponentChildren } from "preact";
import { useSession } from "../session-context.ts";

/** Pages that take the admin key say so to someone signed in with a per-agent key. */
export function AdminOnly({ what, children }: { what: string; children: ComponentChildren }) {
  const { role } = useSession();
  if (role === "admin") return <>{children}</>;
  return (
    <p class="note" role="status">
      {what} needs the admin key. You are signed in with a per-agent key: sign out and sign in with the admin key
      (ROUTER_ADMIN_KEY) to use this page.
    </p>
  );
}
