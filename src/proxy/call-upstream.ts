import type { EventEmitter } from "node:events";
import type { Dispatcher } from "undici";
import type { UpstreamRequest } from "../providers/types.ts";

/** Performs a provider request; `abort` (an EventEmitter: cheaper than an AbortController) cancels it. */
export function callUpstream(
  deps: { dispatcher: Dispatcher; upstreamTimeoutMs: number },
  request: UpstreamRequest,
  abort: EventEmitter,
): Promise<Dispatcher.ResponseData> {
  const url = new URL(request.url);
  return deps.dispatcher.request({
    origin: url.origin,
    path: url.pathname + url.search,
    method: "POST",
    headers: request.headers,
    body: request.body,
    signal: abort,
    headersTimeout: deps.upstreamTimeoutMs,
    bodyTimeout: deps.upstreamTimeoutMs,
  });
}
