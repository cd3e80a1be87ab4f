import type { ServerResponse } from "node:http";
import type { RecordedRequest } from "./mock-upstream.ts";

/** How long each stream lasts and how often it sends a delta; tests change it between cases. */
export interface StreamPace {
  durationMs: number;
  tickMs: number;
}

type Frame = [event: string | null, data: object | string];

/** The frames of one streamed answer in one dialect: what opens it, one text delta, what closes it. */
interface DialectFrames {
  open: Frame[];
  delta(text: string): Frame;
  close: Frame[];
}

const chatChunk = (delta: object, finish: string | null = null): Frame => [
  null,
  { id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] },
];

const chat: DialectFrames = {
  open: [chatChunk({ role: "assistant", content: "" })],
  delta: (text) => chatChunk({ content: text }),
  close: [
    chatChunk({}, "stop"),
    [null, { id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [], usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } }],
    [null, "[DONE]"],
  ],
};

const anthropic = (type: string, payload: object): Frame => [type, { type, ...payload }];
const messages: DialectFrames = {
  open: [
    anthropic("message_start", { message: { id: "msg_1", type: "message", role: "assistant", model: "m", content: [], stop_reason: null, usage: { input_tokens: 7, output_tokens: 1 } } }),
    anthropic("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
  ],
  delta: (text) => anthropic("content_block_delta", { index: 0, delta: { type: "text_delta", text } }),
  close: [
    anthropic("content_block_stop", { index: 0 }),
    anthropic("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 3 } }),
    anthropic("message_stop", {}),
  ],
};

const response = (status: string) => ({
  id: "resp_1", object: "response", created_at: 1, status, model: "m", output: [],
  usage: status === "completed" ? { input_tokens: 7, input_tokens_details: { cached_tokens: 0 }, output_tokens: 3, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 10 } : null,
});
const openaiEvent = (type: string, payload: object): Frame => [type, { type, sequence_number: 0, ...payload }];
const responses: DialectFrames = {
  open: [
    openaiEvent("response.created", { response: response("in_progress") }),
    openaiEvent("response.output_item.added", { output_index: 0, item: { type: "message", id: "msg_r1", status: "in_progress", role: "assistant", content: [] } }),
  ],
  delta: (text) => openaiEvent("response.output_text.delta", { item_id: "msg_r1", output_index: 0, content_index: 0, delta: text }),
  close: [openaiEvent("response.completed", { response: response("completed") })],
};

const write = (res: ServerResponse, [event, data]: Frame) =>
  res.write(`${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);

/**
 * A provider that streams slowly, as a model writing a long answer does, in the API of whichever
 * endpoint was called (/chat/completions, /v1/messages, /responses): its opening events at once, then
 * the delta "." every `tickMs`, then its proper end after `durationMs`. It stops when the caller hangs up.
 */
export function slowStreamingProvider(pace: () => StreamPace): (req: RecordedRequest, res: ServerResponse) => void {
  return (req, res) => {
    const frames = req.url.endsWith("/chat/completions") ? chat : req.url.endsWith("/v1/messages") ? messages : req.url.endsWith("/responses") ? responses : undefined;
    if (!frames) return void res.writeHead(404).end();
    const { durationMs, tickMs } = pace();
    res.writeHead(200, { "content-type": "text/event-stream" });
    for (const frame of frames.open) write(res, frame);
    const ticker = setInterval(() => write(res, frames.delta(".")), tickMs);
    const finisher = setTimeout(() => {
      clearInterval(ticker);
      for (const frame of frames.close) write(res, frame);
      res.end();
    }, durationMs);
    res.once("close", () => {
      clearInterval(ticker);
      clearTimeout(finisher);
    });
  };
}
