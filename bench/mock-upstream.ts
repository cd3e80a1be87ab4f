// A provider that answers instantly, in chat completions at /v1/chat/completions, in Anthropic Messages at
// /v1/messages and in OpenAI Responses at /v1/responses: a JSON answer, or a 10-delta SSE stream when asked to stream.
import { createServer } from "node:http";

const TEXT = "Benchmark answer. ".repeat(20);
const chatCompletion = JSON.stringify({
  id: "chatcmpl-bench", object: "chat.completion", created: 1, model: "bench-model",
  choices: [{ index: 0, message: { role: "assistant", content: TEXT, refusal: null }, finish_reason: "stop", logprobs: null }],
  usage: { prompt_tokens: 500, completion_tokens: 60, total_tokens: 560 },
});
const chatChunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "bench-model", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const chatStream =
  chatChunk({ role: "assistant", content: "" }) +
  Array.from({ length: 10 }, (_, i) => chatChunk({ content: `token${i} ` })).join("") +
  chatChunk({}, "stop") +
  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "bench-model", choices: [], usage: { prompt_tokens: 500, completion_tokens: 10, total_tokens: 510 } })}\n\n` +
  "data: [DONE]\n\n";

const message = JSON.stringify({
  id: "msg_bench", type: "message", role: "assistant", model: "bench-model", content: [{ type: "text", text: TEXT }],
  stop_reason: "end_turn", stop_sequence: null, usage: { input_tokens: 500, output_tokens: 60 },
});
const event = (type: string, payload: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
const messageStream =
  event("message_start", { message: { id: "msg_bench", type: "message", role: "assistant", model: "bench-model", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 500, output_tokens: 1 } } }) +
  event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }) +
  Array.from({ length: 10 }, (_, i) => event("content_block_delta", { index: 0, delta: { type: "text_delta", text: `token${i} ` } })).join("") +
  event("content_block_stop", { index: 0 }) +
  event("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 10 } }) +
  event("message_stop", {});

const responseUsage = { input_tokens: 500, input_tokens_details: { cached_tokens: 0 }, output_tokens: 10, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 510 };
const responseMessage = { type: "message", id: "msg_b", status: "completed", role: "assistant", content: [{ type: "output_text", text: TEXT, annotations: [] }] };
const response = (status: string, output: object[]) => ({ id: "resp_b", object: "response", created_at: 1, status, model: "bench-model", output, usage: status === "completed" ? responseUsage : null });
const responseJson = JSON.stringify(response("completed", [responseMessage]));
let sequence = 0;
const responseEvent = (type: string, payload: object) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...payload })}\n\n`;
const responseStream =
  responseEvent("response.created", { response: response("in_progress", []) }) +
  responseEvent("response.output_item.added", { output_index: 0, item: { ...responseMessage, status: "in_progress", content: [] } }) +
  Array.from({ length: 10 }, (_, i) => responseEvent("response.output_text.delta", { item_id: "msg_b", output_index: 0, content_index: 0, delta: `token${i} ` })).join("") +
  responseEvent("response.output_item.done", { output_index: 0, item: responseMessage }) +
  responseEvent("response.completed", { response: response("completed", [responseMessage]) });

const ANSWERS = {
  chat: { json: chatCompletion, stream: chatStream },
  messages: { json: message, stream: messageStream },
  responses: { json: responseJson, stream: responseStream },
};

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const wantsStream = Buffer.concat(chunks).includes('"stream":true');
    const answers = req.url?.startsWith("/v1/messages") ? ANSWERS.messages : req.url?.startsWith("/v1/responses") ? ANSWERS.responses : ANSWERS.chat;
    if (wantsStream) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(answers.stream);
    } else {
      const body = answers.json;
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.send?.("ready"));
