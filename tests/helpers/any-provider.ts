import type { ServerResponse } from "node:http";
import type { RecordedRequest } from "./mock-upstream.ts";

/** What the model says: text, or one tool call. */
export type Said = { text: string } | { call: { id: string; name: string; arguments: string } };

const USAGE = { input: 40, output: 9 };

function sse(res: ServerResponse, events: Array<[string | null, object]>) {
  res.writeHead(200, { "content-type": "text/event-stream" });
  for (const [event, data] of events) res.write(`${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`);
}

function chat(said: Said, stream: boolean, res: ServerResponse) {
  const usage = { prompt_tokens: USAGE.input, completion_tokens: USAGE.output, total_tokens: USAGE.input + USAGE.output };
  const chunk = (delta: object, finish: string | null = null) => [null, { id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] }] as [null, object];
  if ("text" in said) {
    if (!stream) return json(res, { id: "c1", object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, message: { role: "assistant", content: said.text }, finish_reason: "stop" }], usage });
    sse(res, [chunk({ role: "assistant", content: "" }), chunk({ content: said.text }), chunk({}, "stop"), [null, { id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [], usage }]]);
  } else {
    const call = { id: said.call.id, type: "function", function: { name: said.call.name, arguments: said.call.arguments } };
    if (!stream) return json(res, { id: "c1", object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, message: { role: "assistant", content: null, tool_calls: [call] }, finish_reason: "tool_calls" }], usage });
    sse(res, [chunk({ role: "assistant", tool_calls: [{ index: 0, ...call, function: { name: call.function.name, arguments: "" } }] }), chunk({ tool_calls: [{ index: 0, function: { arguments: call.function.arguments } }] }), chunk({}, "tool_calls"), [null, { id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [], usage }]]);
  }
  res.end("data: [DONE]\n\n");
}

function messages(said: Said, stream: boolean, res: ServerResponse) {
  const block = "text" in said ? { type: "text", text: said.text } : { type: "tool_use", id: said.call.id, name: said.call.name, input: JSON.parse(said.call.arguments) };
  const stop = "text" in said ? "end_turn" : "tool_use";
  if (!stream) return json(res, { id: "msg_1", type: "message", role: "assistant", model: "m", content: [block], stop_reason: stop, stop_sequence: null, usage: { input_tokens: USAGE.input, output_tokens: USAGE.output } });
  const e = (type: string, payload: object): [string, object] => [type, { type, ...payload }];
  sse(res, [
    e("message_start", { message: { id: "msg_1", type: "message", role: "assistant", model: "m", content: [], stop_reason: null, usage: { input_tokens: USAGE.input, output_tokens: 1 } } }),
    e("content_block_start", { index: 0, content_block: "text" in said ? { type: "text", text: "" } : { ...block, input: {} } }),
    e("content_block_delta", { index: 0, delta: "text" in said ? { type: "text_delta", text: said.text } : { type: "input_json_delta", partial_json: said.call.arguments } }),
    e("content_block_stop", { index: 0 }),
    e("message_delta", { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: USAGE.output } }),
    e("message_stop", {}),
  ]);
  res.end();
}

function responses(said: Said, stream: boolean, res: ServerResponse) {
  const item = "text" in said
    ? { type: "message", id: "msg_r1", status: "completed", role: "assistant", content: [{ type: "output_text", text: said.text, annotations: [] }] }
    : { type: "function_call", id: "fc_r1", call_id: said.call.id, name: said.call.name, arguments: said.call.arguments, status: "completed" };
  const response = (status: string, output: object[]) => ({
    id: "resp_1", object: "response", created_at: 1, status, model: "m", output,
    usage: status === "completed" ? { input_tokens: USAGE.input, input_tokens_details: { cached_tokens: 0 }, output_tokens: USAGE.output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: USAGE.input + USAGE.output } : null,
  });
  if (!stream) return json(res, response("completed", [item]));
  let n = 0;
  const e = (type: string, payload: object): [string, object] => [type, { type, sequence_number: n++, ...payload }];
  sse(res, [
    e("response.created", { response: response("in_progress", []) }),
    e("response.output_item.added", { output_index: 0, item: { ...item, status: "in_progress" } }),
    ...("text" in said ? [e("response.output_text.delta", { item_id: "msg_r1", output_index: 0, content_index: 0, delta: said.text })] : [e("response.function_call_arguments.delta", { item_id: "fc_r1", output_index: 0, delta: said.call.arguments })]),
    e("response.output_item.done", { output_index: 0, item }),
    e("response.completed", { response: response("completed", [item]) }),
  ]);
  res.end();
}

function json(res: ServerResponse, body: object) {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Answers `said` in the API of whichever endpoint was called: /chat/completions, /v1/messages or /responses. */
export function answerInKind(said: Said): (req: RecordedRequest, res: ServerResponse) => void {
  return (req, res) => {
    const stream = (JSON.parse(req.body) as { stream?: boolean }).stream === true;
    if (req.url.endsWith("/chat/completions")) return chat(said, stream, res);
    if (req.url.endsWith("/v1/messages")) return messages(said, stream, res);
    if (req.url.endsWith("/responses")) return responses(said, stream, res);
    res.writeHead(404).end();
  };
}
