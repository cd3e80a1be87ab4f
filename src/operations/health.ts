import type { OperationDeps, OperationHandler, ResponseBody } from "./types.ts";

export function healthHandlers({ database }: OperationDeps): { getHealth: OperationHandler } {
  return {
    getHealth: async (_req, res) => {
      try {
        await database.ping();
        const body: ResponseBody<"getHealth", 200> = { status: "ok", database: { kind: database.kind, ok: true } };
        res.status(200).json(body);
      } catch (err) {
        const body: ResponseBody<"getHealth", 503> = {
          status: "degraded",
          database: { kind: database.kind, ok: false, message: (err as Error).message },
        };
        res.status(503).json(body);
      }
    },
  };
}
