import type { SwitchRequest } from "../api-types.ts";
import { authorizeAgent } from "../auth/access.ts";
import { identityOf } from "../auth/request-identity.ts";
import { getActive, listSwitches, switchModel } from "../services/switching.ts";
import type { OperationDeps, OperationHandler, ResponseBody } from "./types.ts";

const optionalText = (value: unknown) => (typeof value === "string" ? value : undefined);

export function switchingHandlers({ services }: OperationDeps): Record<"switchModel" | "getActive" | "listSwitches", OperationHandler> {
  return {
    switchModel: async (req, res) => {
      const input = req.body as SwitchRequest;
      const actor = identityOf(req);
      const agentId = authorizeAgent(actor, input.agent_id, "switch");
      const body: ResponseBody<"switchModel", 200> = await switchModel(services, { ...input, agent_id: agentId }, actor);
      res.status(200).json(body);
    },
    getActive: async (req, res) => {
      const agentId = authorizeAgent(identityOf(req), optionalText(req.query.agent_id), "read");
      const body: ResponseBody<"getActive", 200> = await getActive(services, agentId);
      res.status(200).json(body);
    },
    listSwitches: async (req, res) => {
      const agentId = authorizeAgent(identityOf(req), String(req.params.agent_id), "read");
      const body: ResponseBody<"listSwitches", 200> = { data: await listSwitches(services, agentId, Number(req.query.limit ?? 50)) };
      res.status(200).json(body);
    },
  };
}
