import type { ModelUpsert } from "../api-types.ts";
import { requireScope } from "../auth/access.ts";
import { identityOf } from "../auth/request-identity.ts";
import { listModels, upsertModel } from "../services/models.ts";
import type { OperationDeps, OperationHandler, ResponseBody } from "./types.ts";

export function modelHandlers({ services }: OperationDeps): Record<"upsertModel" | "listModels", OperationHandler> {
  return {
    upsertModel: async (req, res) => {
      const body: ResponseBody<"upsertModel", 200> = await upsertModel(services, req.body as ModelUpsert);
      res.status(200).json(body);
    },
    listModels: async (req, res) => {
      requireScope(identityOf(req), "read");
      const body: ResponseBody<"listModels", 200> = { data: await listModels(services, String(req.query.profile)) };
      res.status(200).json(body);
    },
  };
}
