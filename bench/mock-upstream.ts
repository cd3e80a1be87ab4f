// A provider that answers instantly: JSON completions, or a 10-event SSE stream when asked to stream.
import { createServer } from "node:http";

const completion = JSON.stringify({
  id: "chatcmpl-bench", object: "chat.completion", created: 1, model: "bench-model",
  choices: [{ index: 0, message: { role: "assistant", content: "Benchmark answer. ".repeat(20), refusal: null }, finish_reason: "stop", logprobs: null }],
  usage: { prompt_tokens: 500, completion_tokens: 60, total_tokens: 560 },
});
const chunk = (content: string) =>
  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "bench-model", choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
const stream =
  Array.from({ length: 10 }, (_, i) => chunk(`token${i} `)).join("") +
  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "bench-model", choices: [], usage: { prompt_tokens: 500, completion_tokens: 10, total_tokens: 510 } })}\n\n` +
  "data: [DONE]\n\n";

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const wantsStream = Buffer.concat(chunks).includes('"stream":true');
    if (wantsStream) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(stream);
    } else {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(completion) });
      res.end(completion);
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.send?.("ready"));
