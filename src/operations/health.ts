import type { OperationDeps, OperationHandler, ResponseBody } from "./types.ts";

export function healthHandlers({ database, readiness }: OperationDeps): Record<"getHealth" | "getReadiness", OperationHandler> {
  return {
    getReadiness: async (_req, res) => {
      const { status, body } = await readiness();
      res.status(status).json(body);
    },
    getHealth: async (_req, res) => {
      try {
        await database.ping();
        const body: ResponseBody<"getHealth", 200> = { status: "ok", database: { kind: database.kind, ok: true } };
        res.status(200).json(body);
      } catch (err) {
        const body: ResponseBody<"getHealth", 200> = {
          status: "degraded",
          database: { kind: database.kind, ok: false, message: (err as Error).message },
        };
        res.status(200).json(body);
      }
    },
  };
}
