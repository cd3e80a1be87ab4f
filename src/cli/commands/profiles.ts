import { password } from "@inquirer/prompts";
import type { ProfileUpdate, ProviderType } from "../../api-types.ts";
import { call, CliError, EXIT } from "../call.ts";
import { formatTable } from "../table.ts";
import { withSubcommands, type Command } from "./context.ts";
import { expectArgs, profileNamed, profiles } from "./lookup.ts";

const TYPES: ProviderType[] = ["openai", "anthropic", "openai_compatible"];

/** The provider key: --api-key, else piped on stdin, else asked hidden on a terminal. */
async function readApiKey(given: string | undefined): Promise<string> {
  if (given !== undefined && given !== "-") return given;
  if (process.stdin.isTTY) return password({ message: "Provider API key (hidden)", mask: "*" });
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  const key = text.trim();
  if (!key) throw new CliError("No API key: pass --api-key KEY, or pipe it on stdin (safer: it stays out of the process list).", EXIT.usage);
  return key;
}

const list: Command = async (ctx) => {
  const data = await profiles(ctx);
  return {
    data,
    text:
      data.length === 0
        ? "No profiles yet. Add one with `switcher profiles add` or `npm run wizard`."
        : formatTable(["NAME", "TYPE", "BASE URL", "KEY", "ID"], data.map((p) => [p.profile_name, p.provider_type, p.base_url, p.key_hint, p.id])),
  };
};

const add: Command = async (ctx, args) => {
  expectArgs(args, 1, "profiles add <name> --type openai|anthropic|openai_compatible [--base-url URL] [--api-key KEY]");
  const type = ctx.flags.type as ProviderType | undefined;
  if (!type || !TYPES.includes(type)) throw new CliError(`--type must be one of: ${TYPES.join(", ")}.`, EXIT.usage);
  const api_key = await readApiKey(ctx.flags["api-key"]);
  const base_url = ctx.flags["base-url"];
  const data = await call(ctx.target, "ROUTER_ADMIN_KEY", () =>
    ctx.admin().POST("/admin/profiles", { body: { profile_name: args[0]!, provider_type: type, ...(base_url ? { base_url } : {}), credentials: { api_key } } }),
  );
  return { data, text: `Created profile '${data.profile_name}' (${data.provider_type}, ${data.base_url}, key ${data.key_hint}).` };
};

const update: Command = async (ctx, args) => {
  expectArgs(args, 1, "profiles update <name> [--name NEW] [--base-url URL] [--api-key KEY|-]");
  const { flags } = ctx;
  const body: ProfileUpdate = {
    ...(flags.name !== undefined ? { profile_name: flags.name } : {}),
    ...(flags["base-url"] !== undefined ? { base_url: flags["base-url"] } : {}),
    ...(flags["api-key"] !== undefined ? { credentials: { api_key: await readApiKey(flags["api-key"]) } } : {}),
  };
  if (Object.keys(body).length === 0) throw new CliError("Nothing to change: give --name, --base-url or --api-key.", EXIT.usage);
  const profile = await profileNamed(ctx, args[0]!);
  const data = await call(ctx.target, "ROUTER_ADMIN_KEY", () => ctx.admin().PATCH("/admin/profiles/{id}", { params: { path: { id: profile.id } }, body }));
  return { data, text: `Updated profile '${data.profile_name}' (${data.base_url}, key ${data.key_hint}). The next call uses it.` };
};

const remove: Command = async (ctx, args) => {
  expectArgs(args, 1, "profiles delete <name>");
  const profile = await profileNamed(ctx, args[0]!);
  await call(ctx.target, "ROUTER_ADMIN_KEY", async () => {
    const result = await ctx.admin().DELETE("/admin/profiles/{id}", { params: { path: { id: profile.id } } });
    return { ...result, data: result.response.ok ? {} : undefined };
  });
  return { data: { deleted: profile.profile_name, id: profile.id }, text: `Deleted profile '${profile.profile_name}' and its models.` };
};

export const profilesCommand = withSubcommands("profiles", { list, add, update, delete: remove });
