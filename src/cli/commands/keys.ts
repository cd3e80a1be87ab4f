import type { AgentKeyView } from "../../api-types.ts";
import { call, CliError, EXIT } from "../call.ts";
import { formatTable } from "../table.ts";
import { withSubcommands, type Command } from "./context.ts";
import { expectArgs } from "./lookup.ts";

const SCOPES = ["call", "read", "switch"] as const;
type Scope = (typeof SCOPES)[number];

const list: Command = async (ctx) => {
  const { data } = await call(ctx.target, "ROUTER_ADMIN_KEY", () => ctx.admin().GET("/admin/keys"));
  return {
    data,
    text:
      data.length === 0
        ? "No agent keys yet. Create one with `switcher keys create <name> --agent <id>`."
        : formatTable(
            ["NAME", "KEY", "AGENTS", "SCOPES", "STATUS", "EXPIRES", "LAST USED", "ID"],
            data.map((k) => [k.name, k.key_hint, k.all_agents ? "(all)" : k.agent_ids.join(","), k.scopes.join(","), k.status, k.expires_at ?? "-", k.last_used_at ?? "-", k.id]),
          ),
  };
};

const create: Command = async (ctx, args) => {
  expectArgs(args, 1, "keys create <name> (--agent ID [--agent ID…] | --all-agents) [--scopes call,read,switch] [--expires 2027-01-01T00:00:00Z]");
  const { flags } = ctx;
  const agents = flags.agent ?? [];
  if ((agents.length > 0) === Boolean(flags["all-agents"])) throw new CliError("Give --agent ID (one or more times) or --all-agents, not both.", EXIT.usage);
  const scopes = (flags.scopes ?? SCOPES.join(",")).split(",").map((s) => s.trim()) as Scope[];
  const unknown = scopes.filter((s) => !SCOPES.includes(s));
  if (unknown.length > 0) throw new CliError(`Unknown scope(s) ${unknown.join(", ")}: use ${SCOPES.join(", ")}.`, EXIT.usage);
  const expires = flags.expires;
  if (expires !== undefined && Number.isNaN(Date.parse(expires))) throw new CliError(`--expires must be a date and time such as 2027-01-01T00:00:00Z, got '${expires}'.`, EXIT.usage);
  const data = await call(ctx.target, "ROUTER_ADMIN_KEY", () =>
    ctx.admin().POST("/admin/keys", {
      body: {
        name: args[0]!,
        scopes,
        ...(flags["all-agents"] ? { all_agents: true as const } : { agent_ids: agents }),
        ...(expires !== undefined ? { expires_at: new Date(expires).toISOString() } : {}),
      },
    }),
  );
  const bound = data.key.all_agents ? "every agent" : data.key.agent_ids.map((a) => `'${a}'`).join(", ");
  return {
    data,
    text: [
      `Created key '${data.key.name}' for ${bound} (scopes ${data.key.scopes.join(", ")}).`,
      "",
      `  ${data.secret}`,
      "",
      "This is the only time the key is shown: give it to the agent now (as its bearer token).",
    ].join("\n"),
  };
};

const revoke: Command = async (ctx, args) => {
  expectArgs(args, 1, "keys revoke <name|id>");
  const { data: keys } = await call(ctx.target, "ROUTER_ADMIN_KEY", () => ctx.admin().GET("/admin/keys"));
  const key: AgentKeyView | undefined = keys.find((k) => k.name === args[0] || k.id === args[0]);
  if (!key) throw new CliError(`No key named '${args[0]}'. See \`switcher keys\`.`);
  const data = await call(ctx.target, "ROUTER_ADMIN_KEY", () => ctx.admin().DELETE("/admin/keys/{key_id}", { params: { path: { key_id: key.id } } }));
  return { data, text: `Revoked key '${data.name}' (${data.key_hint}): its next call is refused.` };
};

export const keysCommand = withSubcommands("keys", { list, create, revoke });
