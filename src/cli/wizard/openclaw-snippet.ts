export interface SnippetOptions {
  switcherUrl: string;
  agentKey: string;
  agentId: string;
  contextWindow: number;
  maxTokens: number;
}

/** The model id OpenClaw sees: one entry that stands for whatever model the agent is switched to. */
export const OPENCLAW_MODEL_ID = "active";
export const OPENCLAW_PROVIDER = "switcher";

/** The `models.providers` entry that points an OpenClaw agent at the switcher. */
export function openclawProvider(options: SnippetOptions) {
  return {
    baseUrl: `${options.switcherUrl}/v1`,
    apiKey: options.agentKey,
    api: "openai-completions",
    headers: { "x-agent-id": options.agentId },
    models: [
      {
        id: OPENCLAW_MODEL_ID,
        name: `Model Switcher: whatever '${options.agentId}' is switched to`,
        contextWindow: options.contextWindow,
        maxTokens: options.maxTokens,
      },
    ],
  };
}

/** The text the wizard prints: the snippet, where it goes, and how the agent selects it. */
export function openclawInstructions(options: SnippetOptions): string {
  const config = {
    models: { mode: "merge", providers: { [OPENCLAW_PROVIDER]: openclawProvider(options) } },
    agents: { defaults: { model: { primary: `${OPENCLAW_PROVIDER}/${OPENCLAW_MODEL_ID}` } } },
  };
  return [
    "Use it from OpenClaw: merge this into ~/.openclaw/openclaw.json",
    JSON.stringify(config, null, 2),
    "",
    `Or give the agent its own copy, so each agent carries its own x-agent-id: put the "models" part`,
    `in ~/.openclaw/agents/${options.agentId}/agent/models.json and select it with`,
    `agents.list[].model.primary (or agents.defaults.model.primary) = "${OPENCLAW_PROVIDER}/${OPENCLAW_MODEL_ID}".`,
    "",
    `Switch the agent any time with: npm run -s switcher -- switch ${options.agentId} <profile> <model>`,
  ].join("\n");
}
