// `switcher`: operate a running Model Switcher from the shell, through the typed client.
import { parseArgs } from "node:util";
import type { ModelView } from "../api-types.ts";
import { createSwitcherClient } from "../client/index.ts";
import { call, CliError, EXIT, requireKey } from "./call.ts";
import { cliSettings } from "./settings.ts";
import { formatTable } from "./table.ts";

const USAGE = `Usage: switcher <command> [options]

Commands:
  status                            is the service up, and its database
  profiles                          provider accounts (admin key)
  models [--profile NAME]           models of one profile, or of every profile
  sync <profile>                    import the provider's model list (admin key)
  switch <agent> <profile> <model>  set the agent's active model
  active <agent>                    the agent's active model

Options:
  --json        print JSON for scripts
  --url URL     the service (default: SWITCHER_URL, else http://HOST:PORT from .env)
  -h, --help    this text

Keys come from ROUTER_ADMIN_KEY and ROUTER_AGENT_KEY in the environment or .env.
Exit codes: 0 done, 1 refused or failed, 2 usage, 3 service unreachable, 4 wrong key.`;

async function run(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: "boolean" }, url: { type: "string" }, profile: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) return USAGE;
  const settings = cliSettings();
  const url = (values.url ?? settings.url).replace(/\/+$/, "");
  const admin = () => createSwitcherClient({ baseUrl: url, key: requireKey(settings.adminKey, "ROUTER_ADMIN_KEY") });
  const agent = () => createSwitcherClient({ baseUrl: url, key: requireKey(settings.agentKey, "ROUTER_AGENT_KEY") });
  const out = (data: unknown, text: () => string) => (values.json ? JSON.stringify(data, null, 2) : text());
  const expectArgs = (n: number, form: string) => {
    if (args.length !== n) throw new CliError(`Usage: switcher ${form}`, EXIT.usage);
  };

  switch (command) {
    case "status": {
      const health = await call(url, "the request", () => createSwitcherClient({ baseUrl: url }).GET("/healthz"));
      return out(health, () => `Model Switcher at ${url} is up; database ${health.database.kind} ${health.database.ok ? "answers" : "does not answer"}.`);
    }
    case "profiles": {
      const { data } = await call(url, "ROUTER_ADMIN_KEY", () => admin().GET("/admin/profiles"));
      return out(data, () =>
        data.length === 0
          ? "No profiles yet. Add one with `npm run wizard` or POST /admin/profiles."
          : formatTable(["NAME", "TYPE", "BASE URL", "KEY", "ID"], data.map((p) => [p.profile_name, p.provider_type, p.base_url, p.key_hint, p.id])),
      );
    }
    case "models": {
      const names = values.profile
        ? [values.profile]
        : (await call(url, "ROUTER_ADMIN_KEY", () => admin().GET("/admin/profiles"))).data.map((p) => p.profile_name);
      const models: ModelView[] = [];
      for (const profile of names) {
        models.push(...(await call(url, "ROUTER_AGENT_KEY", () => agent().GET("/api/models", { params: { query: { profile } } }))).data);
      }
      return out(models, () =>
        models.length === 0
          ? "No models yet. Sync a profile (`switcher sync <profile>`) or switch an agent to a model."
          : formatTable(
              ["PROFILE", "MODEL", "ENABLED", "MAX TOKENS", "TAGS"],
              models.map((m) => [m.profile_name, m.model_name, m.enabled ? "yes" : "no", m.max_tokens?.toString() ?? "-", m.tags.join(",")]),
            ),
      );
    }
    case "sync": {
      expectArgs(1, "sync <profile>");
      const profiles = (await call(url, "ROUTER_ADMIN_KEY", () => admin().GET("/admin/profiles"))).data;
      const profile = profiles.find((p) => p.profile_name === args[0]);
      if (!profile) throw new CliError(`No profile named '${args[0]}'. See \`switcher profiles\`.`);
      const result = await admin().POST("/admin/profiles/{id}/sync-models", { params: { path: { id: profile.id } } }).catch(() => undefined);
      if (!result) throw new CliError(`Cannot reach the switcher at ${url}.`, EXIT.unreachable);
      const body = result.data ?? (result.error as unknown as { ok: false; reason: string });
      if (!result.data) {
        if (values.json) process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
        throw new CliError(`Sync of '${profile.profile_name}' failed: ${"reason" in body ? body.reason : `HTTP ${result.response.status}`}.`);
      }
      const data = result.data;
      return out(data, () => `Synced profile '${data.profile_name}': ${data.found} models listed, ${data.created} new.`);
    }
    case "switch": {
      expectArgs(3, "switch <agent> <profile> <model>");
      const [agent_id, profile_name, model_name] = args as [string, string, string];
      const data = await call(url, "ROUTER_AGENT_KEY", () => agent().POST("/api/switch", { body: { agent_id, profile_name, model_name } }));
      return out(data, () => {
        const was = data.previous ? ` (was ${data.previous.profile_name} / ${data.previous.model_name})` : "";
        return `Agent '${agent_id}' now uses ${data.active.profile_name} / ${data.active.model_name}${was}.`;
      });
    }
    case "active": {
      expectArgs(1, "active <agent>");
      const data = await call(url, "ROUTER_AGENT_KEY", () => agent().GET("/api/active", { params: { query: { agent_id: args[0]! } } }));
      return out(data, () => `Agent '${data.agent_id}' uses ${data.profile_name} / ${data.model_name} (${data.provider_type}) since ${data.since}.`);
    }
    default:
      throw new CliError(`Unknown command '${command}'.\n\n${USAGE}`, EXIT.usage);
  }
}

run(process.argv.slice(2)).then(
  (text) => process.stdout.write(`${text}\n`),
  (err: unknown) => {
    const known = err instanceof CliError;
    const message = known ? err.message : (err as Error).message;
    process.stderr.write(`switcher: ${message}\n`);
    process.exitCode = known ? err.exitCode : (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") ? EXIT.usage : EXIT.failed;
  },
);
