import type { ModelView } from "../../api-types.ts";
import { call, CliError, EXIT } from "../call.ts";
import { formatTable } from "../table.ts";
import { withSubcommands, type Command, type CommandContext } from "./context.ts";
import { expectArgs, profileNamed, profiles } from "./lookup.ts";

const list: Command = async (ctx, args) => {
  if (args.length > 1 || (args.length === 1 && ctx.flags.profile !== undefined)) throw new CliError("Usage: switcher models [list] [<profile> | --profile NAME]", EXIT.usage);
  const only = args[0] ?? ctx.flags.profile;
  const names = only !== undefined ? [only] : (await profiles(ctx)).map((p) => p.profile_name);
  const models: ModelView[] = [];
  for (const profile of names) {
    models.push(...(await call(ctx.target, "ROUTER_AGENT_KEY", () => ctx.agent().GET("/api/models", { params: { query: { profile } } }))).data);
  }
  return {
    data: models,
    text:
      models.length === 0
        ? "No models yet. Sync a profile (`switcher sync <profile>`), add one (`switcher models add <profile> <model>`) or switch an agent to one."
        : formatTable(
            ["PROFILE", "MODEL", "ENABLED", "MAX TOKENS", "TAGS"],
            models.map((m) => [m.profile_name, m.model_name, m.enabled ? "yes" : "no", m.max_tokens?.toString() ?? "-", m.tags.join(",")]),
          ),
  };
};

async function upsert(ctx: CommandContext, profile_name: string, model_name: string, fields: { enabled?: boolean; max_tokens?: number }): Promise<ModelView> {
  return call(ctx.target, "ROUTER_ADMIN_KEY", () => ctx.admin().POST("/admin/models", { body: { profile_name, model_name, ...fields } }));
}

const add: Command = async (ctx, args) => {
  expectArgs(args, 2, "models add <profile> <model> [--max-tokens N] [--disabled]");
  const maxTokens = ctx.flags["max-tokens"];
  if (maxTokens !== undefined && !/^[1-9]\d*$/.test(maxTokens)) throw new CliError(`--max-tokens must be a positive whole number, got '${maxTokens}'.`, EXIT.usage);
  const data = await upsert(ctx, args[0]!, args[1]!, {
    ...(ctx.flags.disabled ? { enabled: false } : {}),
    ...(maxTokens !== undefined ? { max_tokens: Number(maxTokens) } : {}),
  });
  return { data, text: `Model '${data.model_name}' of '${data.profile_name}' is stored (${data.enabled ? "enabled" : "disabled"}).` };
};

const setEnabled = (enabled: boolean): Command => async (ctx, args) => {
  expectArgs(args, 2, `models ${enabled ? "enable" : "disable"} <profile> <model>`);
  const data = await upsert(ctx, args[0]!, args[1]!, { enabled });
  return { data, text: `Model '${data.model_name}' of '${data.profile_name}' is ${enabled ? "enabled" : "disabled"}.` };
};

export const modelsCommand = withSubcommands("models", { list, add, enable: setEnabled(true), disable: setEnabled(false) });

/** `switcher sync <profile>`: import the provider's model list. */
export const syncCommand: Command = async (ctx, args) => {
  expectArgs(args, 1, "sync <profile>");
  const profile = await profileNamed(ctx, args[0]!);
  const result = await ctx.admin().POST("/admin/profiles/{id}/sync-models", { params: { path: { id: profile.id } } }).catch(() => undefined);
  if (!result) throw new CliError(`Cannot reach the switcher at ${ctx.target.url}.`, EXIT.unreachable);
  if (!result.data) {
    const body = result.error as unknown as { reason?: string };
    throw new CliError(`Sync of '${profile.profile_name}' failed: ${body?.reason ?? `HTTP ${result.response.status}`}.`);
  }
  const data = result.data;
  return { data, text: `Synced profile '${data.profile_name}': ${data.found} models listed, ${data.created} new.` };
};
