// `switcher`: operate a running Model Switcher from the shell, through the typed client.
import { parseArgs } from "node:util";
import type { ModelView, ScheduledSwitchView, SwitchResult } from "../api-types.ts";
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
  switch <agent> <profile> <model>  set the agent's active model, after a test request to it
         [--until TIME]             ...and switch back at TIME
  active <agent>                    the agent's active model
  rollback <agent> [--to ID]        back to the previous model (or to history entry ID)
  history <agent>                   the agent's switches, newest first
  test <profile> <model>            send the model a one-token test request (admin key)
  schedule <agent> <profile> <model> --at TIME [--until TIME]
                                    switch later (and back at --until)
  schedule list [--agent A] [--all] pending scheduled switches (--all: also past ones)
  schedule cancel <id>              cancel a pending scheduled switch

Options:
  --no-verify   switch without the test request (switch, rollback, schedule)
  --json        print JSON for scripts
  --url URL     the service (default: SWITCHER_URL, else http://HOST:PORT from .env)
  -h, --help    this text

TIME is ISO 8601 (2026-12-01T22:00:00Z, or local time without the Z) or relative: +30m, +2h, +1d.

Keys come from ROUTER_ADMIN_KEY and ROUTER_AGENT_KEY in the environment or .env.
Exit codes: 0 done, 1 refused or failed, 2 usage, 3 service unreachable, 4 wrong key.`;

async function run(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      url: { type: "string" },
      profile: { type: "string" },
      help: { type: "boolean", short: "h" },
      "no-verify": { type: "boolean" },
      until: { type: "string" },
      at: { type: "string" },
      to: { type: "string" },
      agent: { type: "string" },
      all: { type: "boolean" },
    },
  });
  const verify = !values["no-verify"];
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
      expectArgs(3, "switch <agent> <profile> <model> [--until TIME] [--no-verify]");
      const [agent_id, profile_name, model_name] = args as [string, string, string];
      const until = values.until === undefined ? {} : { until: parseTime(values.until, "--until") };
      const data = await call(url, "ROUTER_AGENT_KEY", () => agent().POST("/api/switch", { body: { agent_id, profile_name, model_name, verify, ...until } }));
      return out(data, () => describeSwitch(agent_id, data));
    }
    case "rollback": {
      expectArgs(1, "rollback <agent> [--to ID] [--no-verify]");
      const to = values.to === undefined ? {} : { to: Number(values.to) };
      if (to.to !== undefined && !(Number.isInteger(to.to) && to.to > 0)) throw new CliError("--to takes a history entry id (see `switcher history <agent>`).", EXIT.usage);
      const params = { path: { agent_id: args[0]! } };
      const data = await call(url, "ROUTER_AGENT_KEY", () => agent().POST("/api/agents/{agent_id}/rollback", { params, body: { verify, ...to } }));
      return out(data, () => describeSwitch(args[0]!, data));
    }
    case "history": {
      expectArgs(1, "history <agent>");
      const { data } = await call(url, "ROUTER_AGENT_KEY", () => agent().GET("/api/agents/{agent_id}/history", { params: { path: { agent_id: args[0]! } } }));
      return out(data, () =>
        data.length === 0
          ? `Agent '${args[0]}' has never been switched.`
          : formatTable(
              ["ID", "WHEN", "FROM", "TO", "VIA", "ROLLBACK OF", "BY"],
              data.map((h) => [
                String(h.id),
                h.switched_at,
                h.from_profile ? `${h.from_profile} / ${h.from_model}` : "-",
                `${h.to_profile} / ${h.to_model}`,
                h.via,
                h.rollback_of?.toString() ?? "-",
                h.actor ?? "-",
              ]),
            ),
      );
    }
    case "test": {
      expectArgs(2, "test <profile> <model>");
      const profiles = (await call(url, "ROUTER_ADMIN_KEY", () => admin().GET("/admin/profiles"))).data;
      const profile = profiles.find((p) => p.profile_name === args[0]);
      if (!profile) throw new CliError(`No profile named '${args[0]}'. See \`switcher profiles\`.`);
      const probe = await call(url, "ROUTER_ADMIN_KEY", () =>
        admin().POST("/admin/profiles/{id}/test", { params: { path: { id: profile.id } }, body: { model_name: args[1]! } }),
      );
      if (values.json) return JSON.stringify(probe, null, 2);
      if (!probe.ok) throw new CliError(`${probe.profile_name} / ${probe.model_name} failed the test (${probe.status === null ? probe.reason : `HTTP ${probe.status}, ${probe.reason}`}): ${probe.message}`);
      return `${probe.profile_name} / ${probe.model_name} answered the test request in ${probe.latency_ms} ms.`;
    }
    case "schedule":
      return schedule(args, values, verify, out, url, agent);
    case "active": {
      expectArgs(1, "active <agent>");
      const data = await call(url, "ROUTER_AGENT_KEY", () => agent().GET("/api/active", { params: { query: { agent_id: args[0]! } } }));
      return out(data, () => `Agent '${data.agent_id}' uses ${data.profile_name} / ${data.model_name} (${data.provider_type}) since ${data.since}.`);
    }
    default:
      throw new CliError(`Unknown command '${command}'.\n\n${USAGE}`, EXIT.usage);
  }
}

function describeSwitch(agentId: string, data: SwitchResult): string {
  const was = data.previous ? ` (was ${data.previous.profile_name} / ${data.previous.model_name})` : "";
  const tested = data.verification ? ` It answered the test request in ${data.verification.latency_ms} ms.` : "";
  const back = data.revert ? ` It switches back at ${data.revert.run_at}.` : "";
  return `Agent '${agentId}' now uses ${data.active.profile_name} / ${data.active.model_name}${was}.${tested}${back}`;
}

/** An ISO 8601 time, or +N followed by m, h or d from now. */
function parseTime(text: string, option: string): string {
  const relative = /^\+(\d+)([mhd])$/.exec(text);
  if (relative) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as "m" | "h" | "d"];
    return new Date(Date.now() + Number(relative[1]) * unit).toISOString();
  }
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new CliError(`${option} takes an ISO 8601 time (2026-12-01T22:00:00Z) or +30m, +2h, +1d; got '${text}'.`, EXIT.usage);
  return new Date(time).toISOString();
}

function scheduleTable(rows: ScheduledSwitchView[]): string {
  if (rows.length === 0) return "No scheduled switches.";
  return formatTable(
    ["ID", "AGENT", "KIND", "TARGET", "RUN AT", "UNTIL", "STATUS", "OUTCOME"],
    rows.map((s) => [
      s.id,
      s.agent_id,
      s.kind,
      `${s.profile_name} / ${s.model_name}`,
      s.run_at,
      s.until ?? "-",
      s.status,
      s.outcome ?? "-",
    ]),
  );
}

type Values = { at?: string; until?: string; agent?: string; all?: boolean };

async function schedule(
  args: string[],
  values: Values,
  verify: boolean,
  out: (data: unknown, text: () => string) => string,
  url: string,
  agent: () => ReturnType<typeof createSwitcherClient>,
): Promise<string> {
  const [sub, ...rest] = args;
  if (sub === "list") {
    const query = { ...(values.agent ? { agent_id: values.agent } : {}), status: values.all ? ("all" as const) : ("pending" as const) };
    const { data } = await call(url, "ROUTER_AGENT_KEY", () => agent().GET("/api/schedules", { params: { query } }));
    return out(data, () => scheduleTable(data));
  }
  if (sub === "cancel") {
    if (rest.length !== 1) throw new CliError("Usage: switcher schedule cancel <id>", EXIT.usage);
    const data = await call(url, "ROUTER_AGENT_KEY", () => agent().DELETE("/api/schedules/{schedule_id}", { params: { path: { schedule_id: rest[0]! } } }));
    return out(data, () => `Cancelled the switch of '${data.agent_id}' to ${data.profile_name} / ${data.model_name} at ${data.run_at}.`);
  }
  if (args.length !== 3 || !values.at) {
    throw new CliError("Usage: switcher schedule <agent> <profile> <model> --at TIME [--until TIME] [--no-verify] | list | cancel <id>", EXIT.usage);
  }
  const [agent_id, profile_name, model_name] = args as [string, string, string];
  const body = {
    agent_id,
    profile_name,
    model_name,
    verify,
    at: parseTime(values.at, "--at"),
    ...(values.until ? { until: parseTime(values.until, "--until") } : {}),
  };
  const data = await call(url, "ROUTER_AGENT_KEY", () => agent().POST("/api/schedules", { body }));
  return out(data, () => {
    const back = data.until ? `, and back at ${data.until}` : "";
    return `Agent '${agent_id}' switches to ${profile_name} / ${model_name} at ${data.run_at}${back}${verify ? " (tested first)" : ""}. Schedule id: ${data.id}`;
  });
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
