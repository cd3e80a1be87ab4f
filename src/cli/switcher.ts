// `switcher`: operate a running Model Switcher from the shell, through the typed client.
import { parseArgs } from "node:util";
import { createSwitcherClient } from "../client/index.ts";
import { call, CliError, EXIT, requireKey } from "./call.ts";
import type { Command, CommandContext, Flags } from "./commands/context.ts";
import { keysCommand } from "./commands/keys.ts";
import { modelsCommand, syncCommand } from "./commands/models.ts";
import { profilesCommand } from "./commands/profiles.ts";
import { activeCommand, allowCommand, historyCommand } from "./commands/switching.ts";
import { rollbackCommand, scheduleCommand, switchCommand, testCommand } from "./commands/trusted-switches.ts";
import { agentsCommand, usageCommand } from "./commands/usage.ts";
import { cliSettings, configFilePath } from "./settings.ts";

const USAGE = `Usage: switcher <command> [options]

Commands:
  status                                      is the service up, and its database
  profiles [list]                             provider accounts (admin key)
  profiles add <name> --type T [--base-url URL] [--api-key KEY]
                                              add one (the key is read from stdin when not given)
  profiles update <name> [--name NEW] [--base-url URL] [--api-key KEY|-]
                                              repair one: new key, URL or name; agents keep their model
  profiles delete <name>                      delete one and its models (refused while agents use it)
  models list [PROFILE] [--profile NAME]      models of one profile, or of every profile
  models add <profile> <model> [--max-tokens N] [--disabled]
  models enable|disable <profile> <model>     (disabling a model an agent uses is refused)
  sync <profile>                              import the provider's model list
  switch <agent> <profile> <model> [--until TIME]
                                              set the agent's active model, after a test request to it
                                              (and switch back at TIME)
  active <agent>                              the agent's active model
  history <agent> [--limit N]                 the agent's switches, who made them and how
  rollback <agent> [--to ID]                  back to the previous model (or to history entry ID)
  test <profile> <model>                      send the model a one-token test request (admin key)
  schedule add <agent> <profile> <model> --at TIME [--until TIME]
                                              switch later (and back at --until)
  schedule list [--agent A] [--all]           pending scheduled switches (--all: also past ones)
  schedule cancel <id>                        cancel a pending scheduled switch
  allow <agent> [profile | profile::model]…   restrict what the agent may be switched to
  allow <agent> --clear                       lift the restriction; without entries, show it
  keys [list]                                 per-agent keys (admin key)
  keys create <name> (--agent ID… | --all-agents) [--scopes call,read,switch] [--expires TIME]
  keys revoke <name|id>                       the key's next call is refused
  agents [--since 24h]                        every agent: its model, last switch, last call, calls and cost (admin key)
  usage [--by agent|model|profile] [--since 24h]
                                              calls, errors, tokens, latency and cost (admin key)

Options:
  --no-verify   switch without the test request (switch, rollback, schedule add)
  --as-admin    switch with the admin key (switch, rollback, schedule add): recorded as the admin's,
                and not held to the agent's allowed models
  --json        print JSON for scripts, errors included ({"error": {"message", "exit_code"}} on stdout)
  --url URL     the service (default: SWITCHER_URL, else the config file, else http://127.0.0.1:8080)
  -h, --help    this text

Settings come from the environment (SWITCHER_URL, ROUTER_ADMIN_KEY, ROUTER_AGENT_KEY), then the config
file ${configFilePath()} (\`npm run wizard\` writes it; SWITCHER_CONFIG names another).
TIME is ISO 8601 (2026-12-01T22:00:00Z, or local time without the Z) or relative: +30m, +2h, +1d.
Exit codes: 0 done, 1 refused or failed, 2 usage, 3 service unreachable, 4 wrong key.`;

const status: Command = async (ctx) => {
  const health = await call(ctx.target, "the request", () => ctx.anonymous().GET("/healthz"));
  return { data: health, text: `Model Switcher at ${ctx.target.url} is up; database ${health.database.kind} ${health.database.ok ? "answers" : "does not answer"}.` };
};

const COMMANDS: Record<string, Command> = {
  status,
  profiles: profilesCommand,
  models: modelsCommand,
  sync: syncCommand,
  switch: switchCommand,
  active: activeCommand,
  history: historyCommand,
  rollback: rollbackCommand,
  test: testCommand,
  schedule: scheduleCommand,
  allow: allowCommand,
  keys: keysCommand,
  agents: agentsCommand,
  usage: usageCommand,
};

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      url: { type: "string" },
      help: { type: "boolean", short: "h" },
      profile: { type: "string" },
      type: { type: "string" },
      "base-url": { type: "string" },
      "api-key": { type: "string" },
      name: { type: "string" },
      agent: { type: "string", multiple: true },
      "all-agents": { type: "boolean" },
      scopes: { type: "string" },
      expires: { type: "string" },
      "max-tokens": { type: "string" },
      disabled: { type: "boolean" },
      clear: { type: "boolean" },
      "as-admin": { type: "boolean" },
      limit: { type: "string" },
      until: { type: "string" },
      at: { type: "string" },
      to: { type: "string" },
      all: { type: "boolean" },
      "no-verify": { type: "boolean" },
      by: { type: "string" },
      since: { type: "string" },
    },
  });
}

async function run(flags: Flags & { url?: string; help?: boolean }, positionals: string[]): Promise<string> {
  const [name, ...args] = positionals;
  if (flags.help || !name) return USAGE;
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw new CliError(`Unknown command '${name}'.\n\n${USAGE}`, EXIT.usage);
  const settings = cliSettings();
  const target = flags.url
    ? { url: flags.url.replace(/\/+$/, ""), urlSource: "--url", configFile: settings.configFile }
    : { url: settings.url, urlSource: settings.urlSource, configFile: settings.configFile };
  const client = (key?: string) => createSwitcherClient({ baseUrl: target.url, key });
  const ctx: CommandContext = {
    target,
    flags,
    admin: () => client(requireKey(settings.adminKey, "ROUTER_ADMIN_KEY", settings.configFile)),
    agent: () => client(requireKey(settings.agentKey, "ROUTER_AGENT_KEY", settings.configFile)),
    switcher: () =>
      flags["as-admin"]
        ? { client: client(requireKey(settings.adminKey, "ROUTER_ADMIN_KEY", settings.configFile)), keyName: "ROUTER_ADMIN_KEY" }
        : { client: client(requireKey(settings.agentKey, "ROUTER_AGENT_KEY", settings.configFile)), keyName: "ROUTER_AGENT_KEY" },
    anonymous: () => client(),
  };
  const output = await command(ctx, args);
  return flags.json ? JSON.stringify(output.data, null, 2) : output.text;
}

/** Prints a failure (as JSON on stdout with --json) and sets the exit code. */
function report(err: unknown, json: boolean): void {
  const exitCode = err instanceof CliError ? err.exitCode : EXIT.failed;
  const message = (err as Error).message;
  if (json) process.stdout.write(`${JSON.stringify({ error: { message, exit_code: exitCode } }, null, 2)}\n`);
  else process.stderr.write(`switcher: ${message}\n`);
  process.exitCode = exitCode;
}

const argv = process.argv.slice(2);
const json = argv.includes("--json");
try {
  const { values, positionals } = parse(argv);
  run(values, positionals).then((text) => process.stdout.write(`${text}\n`), (err: unknown) => report(err, json));
} catch (err) {
  // Node's own wording goes on about '--' for positionals that start with '-': its first sentence says it.
  const { code, message } = err as NodeJS.ErrnoException;
  const said = code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? `${message.split(". ")[0]}.` : message;
  report(new CliError(`${said} See \`switcher --help\`.`, EXIT.usage), json);
}
