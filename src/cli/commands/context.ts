import type { SwitcherClient } from "../../client/index.ts";
import { CliError, EXIT, type Target } from "../call.ts";

/** The parsed flags every command may read. */
export interface Flags {
  json?: boolean;
  profile?: string;
  type?: string;
  "base-url"?: string;
  "api-key"?: string;
  name?: string;
  agent?: string[];
  "all-agents"?: boolean;
  scopes?: string;
  expires?: string;
  "max-tokens"?: string;
  disabled?: boolean;
  clear?: boolean;
  limit?: string;
  until?: string;
  at?: string;
  to?: string;
  all?: boolean;
  "no-verify"?: boolean;
  "as-admin"?: boolean;
  by?: string;
  since?: string;
}

export interface CommandContext {
  target: Target;
  flags: Flags;
  /** A client sending the admin key (fails with a usage error when it is not set). */
  admin(): SwitcherClient;
  /** A client sending the agent key. */
  agent(): SwitcherClient;
  /** Who switches: the agent key, or the admin key with --as-admin; `keyName` names it in errors. */
  switcher(): { client: SwitcherClient; keyName: string };
  /** A client sending no key. */
  anonymous(): SwitcherClient;
}

/** What a command prints: `data` for --json, `text` otherwise. */
export interface Output {
  data: unknown;
  text: string;
}

export type Command = (ctx: CommandContext, args: string[]) => Promise<Output>;

/** A command with subcommands (`switcher keys create …`); the first one listed is the default. */
export function withSubcommands(name: string, table: Record<string, Command>): Command {
  const names = Object.keys(table);
  return (ctx, args) => {
    const [sub = names[0]!, ...rest] = args;
    const command = table[sub];
    if (!command) return Promise.reject(new CliError(`Unknown '${name} ${sub}'. Use: ${name} [${names.join("|")}].`, EXIT.usage));
    return command(ctx, rest);
  };
}
