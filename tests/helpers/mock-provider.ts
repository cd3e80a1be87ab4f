import type { ServerResponse } from "node:http";
import { sendJson, type RecordedRequest } from "./mock-upstream.ts";

/** A chat completion as OpenAI answers it, echoing the model it was asked for. */
export function completionFor(model: string, content = `answer from ${model}`) {
  return {
    id: "chatcmpl-1", object: "chat.completion", created: 1, model,
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
  };
}

/**
 * An OpenAI-style provider that knows only `models` (a live set: tests may add to it) and `apiKey`: an
 * unknown model gets 404 model_not_found and a wrong key 401, worded as OpenAI words them.
 */
export function openaiLikeProvider(models: Set<string>, apiKey: string) {
  return (req: RecordedRequest, res: ServerResponse) => {
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      const shown = String(req.headers.authorization).replace(/^Bearer /, "");
      return sendJson(res, 401, { error: { message: `Incorrect API key provided: ${shown}.`, type: "invalid_request_error", code: "invalid_api_key" } });
    }
    const body = JSON.parse(req.body) as { model: string };
    if (!models.has(body.model)) {
      return sendJson(res, 404, {
        error: { message: `The model \`${body.model}\` does not exist or you do not have access to it.`, type: "invalid_request_error", code: "model_not_found" },
      });
    }
    sendJson(res, 200, completionFor(body.model));
  };
}

/** An Anthropic provider that knows only `models`: an unknown one gets 404 not_found_error, as Anthropic answers. */
export function anthropicLikeProvider(models: Set<string>) {
  return (req: RecordedRequest, res: ServerResponse) => {
    const body = JSON.parse(req.body) as { model: string };
    if (!models.has(body.model)) {
      return sendJson(res, 404, { type: "error", error: { type: "not_found_error", message: `model: ${body.model}` } });
    }
    sendJson(res, 200, {
      id: "msg_1", type: "message", role: "assistant", model: body.model, content: [{ type: "text", text: "Hi" }],
      stop_reason: "max_tokens", stop_sequence: null, usage: { input_tokens: 5, output_tokens: 1 },
    });
  };
}
