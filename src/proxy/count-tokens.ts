import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "../errors.ts";
import { estimateInputTokens } from "../inbound/messages/count-tokens.ts";
import { messagesDialect } from "../inbound/messages/index.ts";
import { providers } from "../providers/index.ts";
import { UpstreamProtocolError } from "../providers/types.ts";
import { callUpstream } from "./call-upstream.ts";
import { explainFailure, profileLabel } from "./explain-failure.ts";
import { forwardableHeaders, pickHeaders } from "./headers.ts";
import type { ModelCallDeps } from "./model-call.ts";
import { readAnswer } from "./read-answer.ts";
import { readCall, refusalHeaders } from "./read-call.ts";
import { noActiveModel } from "./route-cache.ts";
import { scrubSecret } from "./scrub-secret.ts";
import { sendJson } from "./send-json.ts";
import { withValues } from "./with-values.ts";

function tokenCount(text: string): unknown {
  try {
    return (JSON.parse(text) as { input_tokens?: unknown } | null)?.input_tokens;
  } catch {
    return undefined;
  }
}

/**
 * POST /v1/messages/count_tokens: an anthropic profile counts the tokens itself; for any other profile
 * the answer is an estimate (see estimateInputTokens), so Anthropic clients can size their context
 * whatever the agent is switched to. Counting generates nothing, so it is not audited.
 */
export async function handleCountTokens(deps: ModelCallDeps, req: IncomingMessage, res: ServerResponse, agentId: string): Promise<void> {
  const dialect = messagesDialect;
  const reply = (error: AppError, headers: Record<string, string> = {}) => sendJson(res, error.status, dialect.errorBody(error), headers);
  let call;
  let route;
  try {
    call = await readCall(req, dialect, deps.bodyLimits);
  } catch (err) {
    if (!(err instanceof AppError)) {
      if (req.socket.destroyed) return;
      throw err;
    }
    return reply(err, refusalHeaders(err));
  }
  res.once("close", () => deps.bodyLimits.budget.give(call.held));
  try {
    route = await deps.routes.resolve(agentId);
  } catch (err) {
    if (err instanceof AppError) return reply(err);
    throw err;
  }
  if (!route) return reply(noActiveModel(agentId));
  const provider = providers[route.providerType];
  if (!provider.passesThrough(dialect.id, route)) {
    let body;
    try {
      body = call.body;
    } catch (err) {
      if (err instanceof AppError) return reply(err);
      throw err;
    }
    return sendJson(res, 200, JSON.stringify({ input_tokens: estimateInputTokens(body) }));
  }

  const profile = profileLabel(route, true);
  const request = provider.passThroughRequest(route, {
    dialect: dialect.id,
    operation: "count_tokens",
    body: withValues(call, { model: route.modelName }),
    forwardedHeaders: forwardableHeaders(req.headers),
  });
  const abort = new EventEmitter();
  res.once("close", () => abort.emit("abort"));
  try {
    const upstream = await callUpstream(deps, request, abort);
    const text = await readAnswer(upstream.body, deps.maxUpstreamAnswerBytes, deps.bodyLimits.budget);
    const headers = pickHeaders(upstream.headers, provider.returnedHeaders, route.apiKey);
    if (upstream.statusCode < 200 || upstream.statusCode > 299) {
      const said = provider.readError(upstream.statusCode, text);
      return reply(new AppError(upstream.statusCode, said.type, `${profile} answered ${upstream.statusCode}: ${scrubSecret(said.message, route.apiKey)}`), headers);
    }
    if (!Number.isInteger(tokenCount(text))) throw new UpstreamProtocolError("answered with something that is not a token count");
    sendJson(res, 200, JSON.stringify({ input_tokens: tokenCount(text) }), headers);
  } catch (err) {
    reply(explainFailure(err, profile, route.apiKey, deps.upstreamTimeoutMs));
  }
}
