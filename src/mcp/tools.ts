// The MCP tools an agent uses to see and change its own model. Each result is one short sentence for
// the model to read plus the same facts as structured content.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import * as z from "zod";
import type { SwitchResult } from "../api-types.ts";
import { requireScope } from "../auth/access.ts";
import type { CallerIdentity, Scope } from "../auth/identity.ts";
import { AppError, badRequest } from "../errors.ts";
import type { ServiceContext } from "../services/context.ts";
import { switchableModelsWhere } from "../services/allowed-models.ts";
import { rollbackAgent } from "../services/rollback.ts";
import { getActive, switchModel } from "../services/switching.ts";

// Tools take exactly their arguments: one they do not know (an agent_id, say) is refused, never ignored,
// since a tool always acts for the agent the connection is for.
const NO_ARGUMENTS = z.object({}).strict();

export interface McpCaller {
  identity: CallerIdentity;
  /** The agent every tool acts for: the one the key is bound to, or the one it named. */
  agentId: string;
}

const SERVER_INFO = { name: "model-switcher", version: "0.1.0" };

const activeShape = {
  agent_id: z.string(),
  profile_name: z.string().describe("The provider account the agent's calls go to."),
  model_name: z.string(),
  provider_type: z.enum(["openai", "anthropic", "openai_compatible"]),
  since: z.string().describe("When this model became active (ISO 8601)."),
};
const switchedShape = {
  active: z.object(activeShape),
  previous: z.object({ profile_name: z.string(), model_name: z.string() }).nullable(),
  verification_latency_ms: z.number().int().nullable().describe("How long the test request to the new model took."),
  history_id: z.number().int().nullable().describe("This switch's history entry; rollback_model can return to it later with `to`."),
};

function switched(data: SwitchResult, verb: string): CallToolResult {
  const { active, previous } = data;
  const structured = {
    active,
    previous,
    verification_latency_ms: data.verification?.latency_ms ?? null,
    history_id: data.history_id ?? null,
  };
  const was = previous ? ` (was ${previous.profile_name} / ${previous.model_name})` : "";
  const text = `${verb} ${active.profile_name} / ${active.model_name}${was}. Your next request uses it.`;
  return { content: [{ type: "text", text }], structuredContent: structured };
}

// The service's messages name HTTP routes; an agent on MCP has tools for the same.
const ROUTE_TOOLS: Array<[RegExp, string]> = [
  [/POST \/api\/switch/g, "switch_model"],
  [/List them with GET \/api\/agents\/\{agent_id\}\/history\./g, "Use a history_id from an earlier switch_model or rollback_model result."],
];
const inToolWords = (message: string) => ROUTE_TOOLS.reduce((text, [route, tool]) => text.replace(route, tool), message);

/** Runs a tool; a refusal the caller can act on (AppError) becomes an error result whose text says why. */
async function guarded(logger: Logger, tool: string, run: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return { isError: true, content: [{ type: "text", text: inToolWords(err.message) }] };
    logger.error({ err, tool }, "MCP tool failed");
    return { isError: true, content: [{ type: "text", text: "The switcher failed internally; the details are in its log. Nothing was changed." }] };
  }
}

/** Models the agent may switch to through MCP: enabled, existing, and on its allowed list when it has one. */
async function switchableModels(ctx: ServiceContext, agentId: string, only?: { profileName: string; modelName: string }) {
  const allowed = await switchableModelsWhere(ctx, agentId);
  return ctx.prisma.model.findMany({
    where: only ? { AND: [allowed, { modelName: only.modelName, profile: { profileName: only.profileName } }] } : allowed,
    include: { profile: { select: { profileName: true, providerType: true } } },
    orderBy: [{ profile: { profileName: "asc" } }, { modelName: "asc" }],
    take: 1000,
  });
}

/** An MCP server whose tools act for one agent, as one caller; built per request (the transport is stateless). */
export function createMcpServer(ctx: ServiceContext, caller: McpCaller, logger: Logger): McpServer {
  const { agentId, identity } = caller;
  // A tool needs the scope its API route needs: reading state "read", changing it "switch".
  const run = (tool: string, scope: Scope, body: () => Promise<CallToolResult>) =>
    guarded(logger, tool, async () => {
      requireScope(identity, scope);
      return body();
    });
  const server = new McpServer(SERVER_INFO, {
    instructions: `These tools show and change which model agent '${agentId}' (you) runs on. A switch takes effect on your next request.`,
  });

  server.registerTool(
    "list_models",
    {
      title: "List models I can switch to",
      description:
        "List the models this agent may switch to (those enabled, narrowed to the agent's allowed models when an operator set some), grouped by provider profile. Pass an entry's profile_name and model_name to switch_model. The entry marked active is the model in use now.",
      inputSchema: NO_ARGUMENTS,
      outputSchema: {
        models: z.array(z.object({ profile_name: z.string(), model_name: z.string(), provider_type: z.string(), active: z.boolean() })),
      },
      annotations: { readOnlyHint: true },
    },
    () =>
      run("list_models", "read", async () => {
        const [rows, state] = await Promise.all([switchableModels(ctx, agentId), ctx.prisma.agentState.findUnique({ where: { agentId } })]);
        const models = rows.map((m) => ({
          profile_name: m.profile.profileName,
          model_name: m.modelName,
          provider_type: m.profile.providerType,
          active: state?.modelId === m.id,
        }));
        const lines = models.map((m) => `- ${m.profile_name} / ${m.model_name}${m.active ? " (active)" : ""}`);
        const text = models.length
          ? `${models.length} models you may switch to:\n${lines.join("\n")}`
          : "No model you may switch to is enabled; ask an operator to enable one or to widen your allowed models.";
        return { content: [{ type: "text", text }], structuredContent: { models } };
      }),
  );

  server.registerTool(
    "get_active_model",
    {
      title: "Which model am I on",
      description: "Show the provider profile and model this agent's requests use right now, and since when.",
      inputSchema: NO_ARGUMENTS,
      outputSchema: activeShape,
      annotations: { readOnlyHint: true },
    },
    () =>
      run("get_active_model", "read", async () => {
        const active = await getActive(ctx, agentId);
        const text = `You are on ${active.profile_name} / ${active.model_name} (${active.provider_type}) since ${active.since}.`;
        return { content: [{ type: "text", text }], structuredContent: active };
      }),
  );

  server.registerTool(
    "switch_model",
    {
      title: "Switch my model",
      description:
        "Switch this agent to another model from list_models. The switcher first sends that model a one-token test request and switches only if it answers; if it does not, nothing changes and the result says why (unknown model, bad key, unreachable, time-out). Your next request uses the new model.",
      inputSchema: z
        .object({
          profile_name: z.string().min(1).max(200).describe("The provider profile, exactly as list_models shows it."),
          model_name: z.string().min(1).max(200).describe("The model, exactly as list_models shows it."),
        })
        .strict(),
      outputSchema: switchedShape,
      annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    ({ profile_name, model_name }) =>
      run("switch_model", "switch", async () => {
        const [allowed] = await switchableModels(ctx, agentId, { profileName: profile_name, modelName: model_name });
        if (!allowed) throw badRequest(`${profile_name} / ${model_name} is not a model you may switch to. Call list_models and pick one of its entries.`);
        const result = await switchModel(ctx, { agent_id: agentId, profile_name, model_name, verify: true }, identity, "mcp");
        return switched(result, "Switched to");
      }),
  );

  server.registerTool(
    "rollback_model",
    {
      title: "Go back to my previous model",
      description:
        "Return this agent to the model it used before its latest switch; call it again to go further back. Optionally pass `to`, a history_id from an earlier switch, to return to exactly that model. The target is tested first, like switch_model.",
      inputSchema: z.object({ to: z.number().int().min(1).optional().describe("A history_id from an earlier switch_model or rollback_model result.") }).strict(),
      outputSchema: switchedShape,
      annotations: { destructiveHint: false, openWorldHint: true },
    },
    ({ to }) =>
      run("rollback_model", "switch", async () => {
        const result = await rollbackAgent(ctx, agentId, { ...(to === undefined ? {} : { to }), verify: true }, identity, "mcp");
        return switched(result, "Rolled back to");
      }),
  );

  return server;
}
