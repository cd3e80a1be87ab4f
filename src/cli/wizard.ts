// `npm run wizard`: from a fresh clone to an agent answering through the switcher.
import { parseArgs } from "node:util";
import { createSwitcherClient } from "../client/index.ts";
import { DEFAULT_BASE_URLS } from "../services/base-url.ts";
import { call, CliError, EXIT } from "./call.ts";
import { configFilePath, readEnvFile, serviceUrl, writeCliConfig } from "./settings.ts";
import { Asker } from "./wizard/ask.ts";
import { checkBaseUrl } from "./wizard/check-base-url.ts";
import { nextEnv, renderEnv, writeEnvAtomically } from "./wizard/env-file.ts";
import { openclawInstructions } from "./wizard/openclaw-snippet.ts";
import { dockerEngineAnswers, isHealthy, startCompose, startEmbedded, waitUntilHealthy } from "./wizard/start-service.ts";

const HELP = `Usage: npm run wizard -- [options]

Sets up .env, starts the switcher, adds a provider profile and points an agent at a model.
Every question has a flag. With --yes nothing is asked, and a re-run changes only what its flags ask
for: an existing setup is kept; profiles, syncs and switches happen when their flags are given (or for
the first profile ever).

  -y, --yes                 do not ask; use flags and defaults
  --rotate-keys             generate new admin and agent keys even if .env has them
  --port N                  where the switcher listens (default 8080, or .env's)
  --database embedded|compose   embedded PGlite, or Postgres with Docker Compose (needs a Docker engine)
  --no-start                do not start the service (when it is not running, stop after .env)
  --profile-name NAME       the provider profile to create (kept if it exists)
  --provider-type TYPE      openai | anthropic | openai_compatible
  --base-url URL            the provider's API URL (required for openai_compatible)
  --api-key KEY             the provider's key (asked hidden when not given)
  --skip-profile            do not create a profile
  --sync / --no-sync        import the provider's model list
  --agent-id ID             the agent to switch (default main)
  --model NAME              its model
  --context-window N        for the OpenClaw snippet (default 200000)
  --max-tokens N            for the OpenClaw snippet (default 8192)`;

function flags(argv: string[]) {
  return parseArgs({
    args: argv,
    allowNegative: true,
    options: {
      yes: { type: "boolean", short: "y" },
      help: { type: "boolean", short: "h" },
      "rotate-keys": { type: "boolean" },
      port: { type: "string" },
      database: { type: "string" },
      start: { type: "boolean" },
      "profile-name": { type: "string" },
      "provider-type": { type: "string" },
      "base-url": { type: "string" },
      "api-key": { type: "string" },
      "skip-profile": { type: "boolean" },
      sync: { type: "boolean" },
      "agent-id": { type: "string" },
      model: { type: "string" },
      "context-window": { type: "string" },
      "max-tokens": { type: "string" },
    },
  }).values;
}

async function run(argv: string[]): Promise<void> {
  const f = flags(argv);
  if (f.help) return void process.stdout.write(`${HELP}\n`);
  const dir = process.cwd();
  const ask = new Asker(f.yes === true);
  const say = (text: string): void => void process.stdout.write(`${text}\n`);

  // 1. .env
  const existing = readEnvFile(dir);
  const hasKeys = Boolean(existing.ROUTER_ADMIN_KEY && existing.ROUTER_AGENT_KEY);
  const rotateKeys = hasKeys ? await ask.yesNo(f["rotate-keys"], "Generate new admin and agent keys? (agents must then use the new key)", false) : true;
  const port = await ask.text("--port", f.port, "Port for the switcher", existing.PORT ?? "8080");
  if (!/^\d+$/.test(port) || Number(port) > 65535) throw new CliError(`--port must be a port number, got '${port}'.`, EXIT.usage);
  const docker = f.database === "compose" || (f.database === undefined && !f.yes) ? await dockerEngineAnswers() : false;
  const database = docker
    ? await ask.choice("--database", f.database, "Database", ["embedded", "compose"], "embedded")
    : await ask.choice("--database", f.database ?? "embedded", "Database", ["embedded"], "embedded");
  const env = nextEnv(existing, { rotateKeys, port, databaseUrl: existing.DATABASE_URL });
  const text = renderEnv(env);
  if (text !== renderEnv(existing)) {
    await writeEnvAtomically(dir, text);
    say(`Wrote ${dir}/.env${rotateKeys && hasKeys ? " with new keys" : ""}.`);
  } else {
    say(".env is up to date.");
  }

  // 2. the CLI's settings, so `switcher` works from any folder
  const url = (process.env.SWITCHER_URL || serviceUrl(env)).replace(/\/+$/, "");
  const configFile = configFilePath();
  const cliConfig = { SWITCHER_URL: url, ROUTER_ADMIN_KEY: env.ROUTER_ADMIN_KEY!, ROUTER_AGENT_KEY: env.ROUTER_AGENT_KEY! };
  if (await writeCliConfig(configFile, cliConfig)) say(`Wrote ${configFile}: the switcher CLI reads its URL and keys from there, in any folder.`);

  // 3. the service
  const target = { url, urlSource: configFile, configFile };
  if (await isHealthy(url)) {
    say(`The switcher is already running at ${url}.${rotateKeys && hasKeys ? " Restart it so it uses the new keys." : ""}`);
  } else if (f.start === false) {
    say("Not starting the switcher (--no-start). Start it with `npm start`.");
    return;
  } else if (database === "compose") {
    say("Starting Postgres and the switcher with Docker Compose...");
    await startCompose(dir);
    await waitUntilHealthy(url, undefined);
  } else {
    await waitUntilHealthy(url, await startEmbedded(dir));
  }
  const admin = createSwitcherClient({ baseUrl: url, key: env.ROUTER_ADMIN_KEY });
  const agent = createSwitcherClient({ baseUrl: url, key: env.ROUTER_AGENT_KEY });

  // 4. the profile. Under --yes an existing setup is left alone unless a flag names what to change.
  if (f["skip-profile"]) return say("Skipping the profile (--skip-profile).");
  const profiles = (await call(target, "ROUTER_ADMIN_KEY", () => admin.GET("/admin/profiles"))).data;
  const profileFlags = ["profile-name", "provider-type", "base-url", "api-key", "sync", "agent-id", "model"] as const;
  if (f.yes && profiles.length > 0 && !profileFlags.some((flag) => f[flag] !== undefined)) {
    return say(`${profiles.length} profile(s) exist; nothing else to do (pass --profile-name, --agent-id or --model to change something).`);
  }
  const profileName = await ask.text("--profile-name", f["profile-name"], "Name for the provider profile", profiles[0]?.profile_name ?? "main");
  let profile = profiles.find((p) => p.profile_name === profileName);
  const created = !profile;
  if (profile) {
    say(`Profile '${profileName}' exists (${profile.provider_type}, ${profile.base_url}); keeping it.`);
  } else {
    const providerType = await ask.choice("--provider-type", f["provider-type"], "Provider type", ["openai", "anthropic", "openai_compatible"], "openai");
    // The URL is checked (form and reachability) before the key is asked for, so a typo costs one question.
    const baseUrl = await ask.text("--base-url", f["base-url"], "Provider API URL", DEFAULT_BASE_URLS[providerType], (value) => checkBaseUrl(value, providerType));
    const apiKey = await ask.secret("--api-key", f["api-key"], "Provider API key (hidden)");
    profile = await call(target, "ROUTER_ADMIN_KEY", () =>
      admin.POST("/admin/profiles", { body: { profile_name: profileName, provider_type: providerType, base_url: baseUrl, credentials: { api_key: apiKey } } }),
    );
    say(`Created profile '${profileName}' (key ${profile.key_hint}).`);
  }

  // 5. models: under --yes, synced for a new profile or when --sync says so
  if (await ask.yesNo(f.sync, "Import the provider's model list now?", created)) {
    const sync = await admin.POST("/admin/profiles/{id}/sync-models", { params: { path: { id: profile.id } } });
    if (sync.data) say(`Synced: ${sync.data.found} models listed, ${sync.data.created} new.`);
    else say(`Could not sync models: ${(sync.error as unknown as { reason?: string })?.reason ?? `HTTP ${sync.response.status}`}. You can name the model yourself.`);
  }
  const models = (await call(target, "ROUTER_AGENT_KEY", () => agent.GET("/api/models", { params: { query: { profile: profileName } } }))).data;
  const enabled = models.filter((m) => m.enabled).map((m) => m.model_name);

  // 6. the agent's active model: under --yes, set for a new profile or when --agent-id/--model say so
  if (f.yes && !created && f["agent-id"] === undefined && f.model === undefined) {
    return say("No agent switched (pass --agent-id and --model to switch one).");
  }
  const agentId = await ask.text("--agent-id", f["agent-id"], "Agent id to point at this profile", "main");
  const current = await agent.GET("/api/active", { params: { query: { agent_id: agentId } } });
  // The agent's current model is a sensible default only when it is on this profile.
  const currentHere = current.data?.profile_name === profileName ? current.data.model_name : undefined;
  const model =
    f.model ??
    (enabled.length > 0 && !f.yes
      ? await ask.choice("--model", undefined, "Model for this agent", enabled, currentHere ?? enabled[0]!)
      : await ask.text("--model", undefined, "Model for this agent", currentHere ?? enabled[0]));
  if (current.data?.profile_name === profileName && current.data.model_name === model) {
    say(`Agent '${agentId}' already uses ${profileName} / ${model}.`);
  } else {
    if (profile.provider_type === "anthropic" && !models.some((m) => m.model_name === model)) {
      await call(target, "ROUTER_ADMIN_KEY", () => admin.POST("/admin/models", { body: { profile_name: profileName, model_name: model } }));
    }
    // Tested first, as the CLI and the console switch: a model the provider refuses is not set.
    await call(target, "ROUTER_AGENT_KEY", () => agent.POST("/api/switch", { body: { agent_id: agentId, profile_name: profileName, model_name: model, verify: true } }));
    say(`Agent '${agentId}' now uses ${profileName} / ${model}.`);
  }

  say("");
  say(
    openclawInstructions({
      switcherUrl: url,
      agentKey: env.ROUTER_AGENT_KEY!,
      agentId,
      contextWindow: Number(f["context-window"] ?? 200_000),
      maxTokens: Number(f["max-tokens"] ?? 8192),
    }),
  );
}

run(process.argv.slice(2)).catch((err: unknown) => {
  if ((err as Error)?.name === "ExitPromptError") {
    process.stderr.write("\nCancelled. Nothing was half-written: .env is written whole or not at all.\n");
    process.exitCode = 130;
    return;
  }
  // A flag it does not know (parseArgs) is a usage error like any other.
  const { code, message } = err as NodeJS.ErrnoException;
  const usage = typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
  const said = code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? `${message.split(". ")[0]}. See \`npm run wizard -- --help\`.` : message;
  process.stderr.write(`wizard: ${said}\n`);
  process.exitCode = err instanceof CliError ? err.exitCode : usage ? EXIT.usage : EXIT.failed;
});
