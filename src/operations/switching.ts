import type { SwitchRequest } from "../api-types.ts";
import { getActive, switchModel } from "../services/switching.ts";
import type { OperationDeps, OperationHandler, ResponseBody } from "./types.ts";

export function switchingHandlers({ services }: OperationDeps): Record<"switchModel" | "getActive", OperationHandler> {
  return {
    switchModel: async (req, res) => {
      const body: ResponseBody<"switchModel", 200> = await switchModel(services, req.body as SwitchRequest);
      res.status(200).json(body);
    },
    getActive: async (req, res) => {
      const body: ResponseBody<"getActive", 200> = await getActive(services, String(req.query.agent_id));
      res.status(200).json(body);
    },
  };
}
