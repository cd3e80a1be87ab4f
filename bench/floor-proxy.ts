// The floor any Node proxy pays: node:http in, undici out (to the same path), bodies piped both ways, nothing else.
import { createServer } from "node:http";
import { pipeline } from "node:stream/promises";
import { Agent } from "undici";

const upstream = new URL(process.env.UPSTREAM_URL!);
const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 256 });

const server = createServer(async (req, res) => {
  try {
    const answer = await dispatcher.request({
      origin: upstream.origin,
      path: req.url!,
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer upstream-key" },
      body: req,
    });
    res.writeHead(answer.statusCode, { "content-type": String(answer.headers["content-type"]) });
    await pipeline(answer.body, res);
  } catch {
    res.destroy();
  }
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.send?.("ready"));
process.once("SIGTERM", () => process.exit(0));
