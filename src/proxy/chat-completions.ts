import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Dispatcher } from "undici";
import { AppError } from "../errors.ts";
import { providers } from "../providers/index.ts";
import type { ChatCompletionRequest, ChatUsage } from "../providers/openai/wire-types.ts";
import { usageFromStreamTail } from "../providers/openai/stream-usage.ts";
import type { AuditQueue } from "../audit/audit-queue.ts";
import { forwardableHeaders, returnableHeaders } from "./headers.ts";
import { BodyTooLargeError, readBody } from "./read-body.ts";
import { bodyLayout, MAX_BODY_DEPTH, type BodyLayout } from "./body-layout.ts";
import { promptSha256 } from "./prompt-hash.ts";
import { relayStream, UpstreamStreamError } from "./relay-stream.ts";
import { sendJson, sendOpenAIError } from "./respond.ts";
import type { AgentRoute, RouteCache } from "./route-cache.ts";
import { classifyUpstreamError } from "./upstream-errors.ts";

export interface ChatDeps {
  routes: RouteCache;
  audit: AuditQueue;
  dispatcher: Dispatcher;
  logger: Logger;
  maxRequestBodyBytes: number;
  upstreamTimeoutMs: number;
}

/** Status recorded when the agent disconnected before the answer was complete (nginx's convention). */
export const CLIENT_CLOSED_REQUEST = 499;

const NAME_AN_AGENT =
  "Name the calling agent: send the header 'x-agent-id: <agent_id>', or call /agents/<agent_id>/v1/chat/completions.";

interface ChatBody {
  body: ChatCompletionRequest;
  raw: Buffer;
  layout: BodyLayout | undefined;
}

async function parseChatBody(req: IncomingMessage, limit: number): Promise<ChatBody> {
  let raw: Buffer;
  try {
    raw = await readBody(req, limit);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      throw new AppError(413, "request_too_large", `Request body is larger than MAX_REQUEST_BODY_MB (${limit / 1024 / 1024} MB).`);
    }
    throw err;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch (err) {
    throw new AppError(400, "invalid_request_error", `Request body is not valid JSON (${(err as Error).message}).`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AppError(400, "invalid_request_error", "Request body must be a JSON object.");
  }
  const messages = (body as { messages?: unknown }).messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new AppError(400, "invalid_request_error", "'messages' must be a non-empty array of chat messages.", "messages");
  }
  const layout = bodyLayout(raw, messages);
  if (layout && layout.depth > MAX_BODY_DEPTH) {
    throw new AppError(400, "invalid_request_error", `Request body nests ${layout.depth} levels deep; at most ${MAX_BODY_DEPTH} are accepted.`);
  }
  return { body: body as ChatCompletionRequest, raw, layout };
}

/** POST /v1/chat/completions for one agent: resolve its route, forward, relay, audit. */
export async function handleChatCompletion(
  deps: ChatDeps,
  req: IncomingMessage,
  res: ServerResponse,
  agentId: string | undefined,
): Promise<void> {
  const started = performance.now();
  if (!agentId) {
    req.resume();
    return sendOpenAIError(res, 400, "invalid_request_error", NAME_AN_AGENT, { param: "x-agent-id" });
  }

  let call: ChatBody;
  let route: AgentRoute | undefined;
  try {
    call = await parseChatBody(req, deps.maxRequestBodyBytes);
    route = await deps.routes.resolve(agentId);
  } catch (err) {
    if (!(err instanceof AppError)) {
      if (req.socket.destroyed) return; // the agent left while sending its request: nobody to answer
      throw err;
    }
    if (err.status === 413) res.setHeader("connection", "close");
    return sendOpenAIError(res, err.status, err.type, err.message, { param: err.param ?? null });
  }
  if (!route) {
    return sendOpenAIError(
      res,
      400,
      "invalid_request_error",
      `No active model set for agent_id '${agentId}'. Set one with POST /api/switch (or \`switcher switch\`).`,
      { code: "no_active_model" },
    );
  }

  const { body, raw, layout } = call;
  const stream = body.stream === true;
  // Called once the agent has its answer, so the hash and the bookkeeping add nothing to its wait.
  const audit = (status: number, usage: ChatUsage | undefined) =>
    deps.audit.record({
      agentId,
      profileName: route.profileName,
      modelName: route.modelName,
      stream,
      status,
      latencyMs: Math.round(performance.now() - started),
      promptTokens: usage?.prompt_tokens ?? null,
      completionTokens: usage?.completion_tokens ?? null,
      totalTokens: usage?.total_tokens ?? null,
      promptSha256: promptSha256(body.messages, layout?.compactMessages && raw.subarray(...layout.compactMessages)),
    });

  const adapter = providers[route.providerType].chat;
  let upstreamRequest;
  try {
    upstreamRequest = adapter.chatRequest(route, { body, raw, layout, forwardedHeaders: forwardableHeaders(req.headers) });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    audit(err.status, undefined);
    return sendOpenAIError(res, err.status, err.type, err.message, { param: err.param ?? null });
  }

  // undici takes an EventEmitter as the abort signal: a fraction of an AbortController's cost per call.
  const abort = new EventEmitter();
  let agentLeft = false;
  res.once("close", () => {
    if (res.writableFinished) return;
    agentLeft = true;
    abort.emit("abort");
  });
  const profile = `Profile '${route.profileName}'`;
  const explain = (failure: unknown) => {
    if (failure instanceof UpstreamStreamError) return { type: "upstream_error", message: `${profile} stream failed: ${failure.message}.` };
    const { type, reason } = classifyUpstreamError(failure, deps.upstreamTimeoutMs);
    return { type, message: `${profile} ${reason}.` };
  };

  let upstream: Dispatcher.ResponseData;
  try {
    const url = new URL(upstreamRequest.url);
    upstream = await deps.dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: "POST",
      headers: upstreamRequest.headers,
      body: upstreamRequest.body,
      signal: abort,
      headersTimeout: deps.upstreamTimeoutMs,
      bodyTimeout: deps.upstreamTimeoutMs,
    });
  } catch (err) {
    if (agentLeft) return audit(CLIENT_CLOSED_REQUEST, undefined);
    const failure = classifyUpstreamError(err, deps.upstreamTimeoutMs);
    deps.logger.warn({ agentId, profile: route.profileName, reason: failure.reason }, "upstream call failed");
    audit(failure.status, undefined);
    return sendOpenAIError(res, failure.status, failure.type, `${profile} ${failure.reason}.`);
  }

  const headers = returnableHeaders(upstream.headers);
  try {
    if (upstream.statusCode < 200 || upstream.statusCode > 299) {
      const text = await upstream.body.text();
      sendJson(res, upstream.statusCode, JSON.stringify(adapter.error(upstream.statusCode, text, route.profileName)), headers);
      return audit(upstream.statusCode, undefined);
    }
    const created = Math.floor(Date.now() / 1000);

    if (!stream) {
      const completion = adapter.completion(await upstream.body.text(), route, created);
      if (!completion) {
        audit(502, undefined);
        return sendOpenAIError(res, 502, "upstream_error", `${profile} answered ${upstream.statusCode} with a body that is not a chat completion.`);
      }
      sendJson(res, 200, completion.json, headers);
      return audit(200, completion.usage);
    }

    const contentType = String(upstream.headers["content-type"] ?? "");
    if (!contentType.includes("text/event-stream")) {
      await upstream.body.dump();
      audit(502, undefined);
      return sendOpenAIError(res, 502, "upstream_error", `${profile} was asked to stream but answered '${contentType || "no content type"}'.`);
    }
    const includeUsage = body.stream_options?.include_usage === true;
    const translator = adapter.streamTranslator(route, created, includeUsage);
    const result = await relayStream(upstream.body, res, translator, headers, explain);
    const usage = translator ? translator.usage() : usageFromStreamTail(result.tail);
    if (result.clientGone) return audit(CLIENT_CLOSED_REQUEST, usage);
    audit(result.failure === undefined ? 200 : classifyUpstreamError(result.failure, deps.upstreamTimeoutMs).status, usage);
  } catch (err) {
    if (agentLeft) return audit(CLIENT_CLOSED_REQUEST, undefined);
    const failure = classifyUpstreamError(err, deps.upstreamTimeoutMs);
    audit(failure.status, undefined);
    sendOpenAIError(res, failure.status, failure.type, `${profile} ${failure.reason}.`);
  }
}
