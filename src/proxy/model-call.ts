import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Dispatcher } from "undici";
import { attribution, type CallerIdentity } from "../auth/identity.ts";
import { AppError } from "../errors.ts";
import type { InboundDialect } from "../inbound/types.ts";
import { PROVIDER_NAMES, providers } from "../providers/index.ts";
import { ProviderStreamError, UpstreamProtocolError, type StreamReader, type UpstreamRequest } from "../providers/types.ts";
import type { AuditQueue } from "../audit/audit-queue.ts";
import type { Lifecycle } from "../lifecycle.ts";
import { forwardableHeaders, pickHeaders } from "./headers.ts";
import type { Request as NeutralRequest, StreamEvent, Usage } from "./neutral.ts";
import { promptSha256 } from "./prompt-hash.ts";
import { readAnswer } from "./read-answer.ts";
import type { BodyLimits } from "./read-body.ts";
import { readCall, refusalHeaders, type AgentCall } from "./read-call.ts";
import { relayStream, type StreamTranslation } from "./relay-stream.ts";
import { sendJson } from "./send-json.ts";
import { noActiveModel, type AgentRoute, type RouteCache } from "./route-cache.ts";
import { scrubSecret } from "./scrub-secret.ts";
import { explainFailure, profileLabel } from "./explain-failure.ts";
import { callUpstream } from "./call-upstream.ts";
import { withValues } from "./with-values.ts";

export interface ModelCallDeps {
  routes: RouteCache;
  audit: Pick<AuditQueue, "record">;
  /** Ends calls still running when a shutdown's grace period is over. */
  lifecycle: Pick<Lifecycle, "onGraceOver" | "offGraceOver">;
  dispatcher: Dispatcher;
  logger: Logger;
  /** Per body, for all bodies at once (MAX_INFLIGHT_BODY_MB), and how long one may take to arrive. */
  bodyLimits: BodyLimits;
  /** The largest non-stream answer a provider may send (MAX_UPSTREAM_ANSWER_MB). */
  maxUpstreamAnswerBytes: number;
  upstreamTimeoutMs: number;
}

/** Status recorded when the agent disconnected before the answer was complete (nginx's convention). */
export const CLIENT_CLOSED_REQUEST = 499;

/** Feeds a provider's stream through its reader and the agent's renderer; notes the usage the finish carries. */
function translation(reader: StreamReader, render: (e: StreamEvent) => string, onUsage: (u: Usage | undefined) => void): StreamTranslation {
  const write = (events: StreamEvent[]) => {
    let out = "";
    for (const event of events) {
      if (event.type === "finish") onUsage(event.usage);
      out += render(event);
    }
    return out;
  };
  return { push: (text) => write(reader.push(text)), end: () => write(reader.end()) };
}

/**
 * One model call from an agent, in any dialect: resolve the agent's route, pass the call through
 * (the agent already speaks the provider's API) or translate it, call, relay, and audit exactly once.
 */
export async function handleModelCall(
  deps: ModelCallDeps,
  dialect: InboundDialect,
  req: IncomingMessage,
  res: ServerResponse,
  agentId: string,
  identity: CallerIdentity,
): Promise<void> {
  const started = performance.now();
  let call: AgentCall;
  try {
    call = await readCall(req, dialect, deps.bodyLimits);
  } catch (err) {
    if (!(err instanceof AppError)) {
      if (req.socket.destroyed) return; // the agent left while sending its request: nobody to answer
      throw err;
    }
    return sendJson(res, err.status, dialect.errorBody(err), refusalHeaders(err));
  }
  // The body's share of the budget is held until the answer is over (or the agent gone).
  try {
    await answerCall({ deps, dialect, req, res, agentId, identity, call, started });
  } finally {
    deps.bodyLimits.budget.give(call.held);
  }
}

/** One call whose body has been read and checked. */
interface ReadCall {
  deps: ModelCallDeps;
  dialect: InboundDialect;
  req: IncomingMessage;
  res: ServerResponse;
  agentId: string;
  identity: CallerIdentity;
  call: AgentCall;
  /** performance.now() when the call arrived, for its latency. */
  started: number;
}

/** Resolves the agent's route, calls the provider, relays the answer and audits the call exactly once. */
async function answerCall({ deps, dialect, req, res, agentId, identity, call, started }: ReadCall): Promise<void> {
  const reply = (error: AppError, headers: Record<string, string> = {}) => sendJson(res, error.status, dialect.errorBody(error), headers);
  let resolved: AgentRoute | undefined;
  try {
    resolved = await deps.routes.resolve(agentId);
  } catch (err) {
    if (err instanceof AppError) return reply(err);
    throw err;
  }
  if (!resolved) return reply(noActiveModel(agentId));
  const route = resolved;

  const { stream } = call;
  const provider = providers[route.providerType];
  const passThrough = provider.passesThrough(dialect.id, route);
  let audited = false;
  // Called once the agent has its answer, so the hash and the bookkeeping add nothing to its wait.
  const audit = (status: number, usage: Usage | undefined, errorType?: string) => {
    if (audited) return;
    audited = true;
    deps.audit.record({
      agentId,
      profileName: route.profileName,
      modelName: route.modelName,
      providerType: route.providerType,
      dialect: dialect.id,
      stream,
      status,
      latencyMs: Math.round(performance.now() - started),
      promptTokens: usage?.inputTokens ?? null,
      completionTokens: usage?.outputTokens ?? null,
      totalTokens: usage ? usage.inputTokens + usage.outputTokens : null,
      cachedTokens: usage ? (usage.cacheReadTokens ?? 0) : null,
      promptSha256: promptSha256(call.raw, call.scan, dialect.promptKeys),
      ...attribution(identity),
      errorType: errorType ?? null,
    });
  };
  const fail = (error: AppError, headers?: Record<string, string>) => {
    audit(error.status, undefined, error.type);
    reply(error, headers);
  };
  const profile = profileLabel(route, passThrough);
  // Set when a shutdown's grace period ended this call: whatever failed then, this is what the agent is told.
  let shutdown: AppError | undefined;
  const explain = (failure: unknown) => shutdown ?? explainFailure(failure, profile, route.apiKey, deps.upstreamTimeoutMs);

  let asked: NeutralRequest | undefined;
  let upstreamRequest: UpstreamRequest;
  try {
    if (passThrough) {
      upstreamRequest = provider.passThroughRequest(route, {
        dialect: dialect.id,
        operation: "generate",
        body: withValues(call, { model: route.modelName, ...dialect.passThroughValues }),
        forwardedHeaders: forwardableHeaders(req.headers),
      });
    } else {
      asked = dialect.toNeutral(call.body, PROVIDER_NAMES[route.providerType]);
      upstreamRequest = provider.request(route, asked, call.strings);
    }
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return fail(err);
  }

  // undici takes an EventEmitter as the abort signal: a fraction of an AbortController's cost per call.
  const abort = new EventEmitter();
  let agentLeft = false;
  res.once("close", () => {
    if (res.writableFinished) return;
    agentLeft = true;
    abort.emit("abort");
  });
  const endForShutdown = (reason: Error) => {
    shutdown = new AppError(503, "service_unavailable", reason.message);
    abort.emit("abort");
  };
  deps.lifecycle.onGraceOver(endForShutdown);
  try {
    await forward();
  } finally {
    deps.lifecycle.offGraceOver(endForShutdown);
  }

  async function forward(): Promise<void> {
    let upstream: Dispatcher.ResponseData;
    try {
      upstream = await callUpstream(deps, upstreamRequest, abort);
    } catch (err) {
      if (agentLeft && !shutdown) return audit(CLIENT_CLOSED_REQUEST, undefined);
      const error = explain(err);
      deps.logger.warn({ agentId, profile: route.profileName, reason: error.message }, "upstream call failed");
      return fail(error);
    }

    const headers = pickHeaders(upstream.headers, provider.returnedHeaders, route.apiKey);
    try {
      if (upstream.statusCode < 200 || upstream.statusCode > 299) {
        const said = provider.readError(upstream.statusCode, await readAnswer(upstream.body, deps.maxUpstreamAnswerBytes, deps.bodyLimits.budget));
        const error = new AppError(upstream.statusCode, said.type, `${profile} answered ${upstream.statusCode}: ${scrubSecret(said.message, route.apiKey)}`, said.param, said.code);
        return fail(error, headers);
      }
      const context = { model: route.modelName, created: Math.floor(Date.now() / 1000) };

      if (!stream) {
        const text = await readAnswer(upstream.body, deps.maxUpstreamAnswerBytes, deps.bodyLimits.budget);
        if (asked) {
          const answer = provider.readAnswer(text, asked, route);
          sendJson(res, 200, dialect.renderAnswer(answer, context, call.body), headers);
          return audit(200, answer.usage);
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        if (!dialect.isAnswer(parsed)) throw new UpstreamProtocolError(`answered ${upstream.statusCode} with a body that is not ${dialect.answerName}`);
        sendJson(res, 200, text, headers);
        return audit(200, dialect.usageOfAnswer(parsed));
      }

      const contentType = String(upstream.headers["content-type"] ?? "");
      if (!contentType.includes("text/event-stream")) {
        await upstream.body.dump();
        throw new UpstreamProtocolError(`was asked to stream but answered '${contentType || "no content type"}'`);
      }
      let usage: Usage | undefined;
      const result = await relayStream(upstream.body, res, {
        headers,
        ...(asked
          ? { translation: translation(provider.streamReader(asked, route), dialect.streamRenderer(context, call.body).event, (u) => (usage = u)) }
          : {
              openingFailure: (first: string) => {
                const said = dialect.openingError(first);
                return said && new ProviderStreamError(said.type, said.message);
              },
              ending: dialect.streamEnding,
            }),
        errorFrame: (failure) => dialect.streamErrorFrame(explain(failure)),
      });
      usage ??= asked ? undefined : dialect.usageOfStream(result.head, result.tail);
      if (result.clientGone) return audit(CLIENT_CLOSED_REQUEST, usage);
      if (result.failure === undefined) return result.providerFailed ? audit(502, usage, "upstream_error") : audit(200, usage);
      const error = explain(result.failure);
      deps.logger.warn({ agentId, profile: route.profileName, reason: error.message }, "upstream stream failed");
      if (!result.started) return fail(error, headers);
      audit(error.status, usage, error.type);
    } catch (err) {
      if (agentLeft && !shutdown) return audit(CLIENT_CLOSED_REQUEST, undefined);
      const error = explain(err);
      if (err instanceof UpstreamProtocolError) deps.logger.warn({ agentId, profile: route.profileName, reason: error.message }, "provider broke its protocol");
      fail(error, refusalHeaders(error));
    }
  }
}
