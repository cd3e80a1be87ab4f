import type { AgentKeyCreate, AllowedModel } from "../api-types.ts";
import { authorizeAgent } from "../auth/access.ts";
import { identityOf } from "../auth/request-identity.ts";
import { getAllowedModels, setAllowedModels } from "../services/allowed-models.ts";
import { createAgentKey, listAgentKeys, revokeAgentKey } from "../services/keys.ts";
import type { OperationDeps, OperationHandler, ResponseBody } from "./types.ts";

type KeyOperations = "createAgentKey" | "listAgentKeys" | "revokeAgentKey" | "setAllowedModels" | "getAllowedModels";

export function keyHandlers({ services }: OperationDeps): Record<KeyOperations, OperationHandler> {
  return {
    createAgentKey: async (req, res) => {
      const body: ResponseBody<"createAgentKey", 201> = await createAgentKey(services, req.body as AgentKeyCreate);
      res.status(201).json(body);
    },
    listAgentKeys: async (_req, res) => {
      const body: ResponseBody<"listAgentKeys", 200> = { data: await listAgentKeys(services) };
      res.status(200).json(body);
    },
    revokeAgentKey: async (req, res) => {
      const body: ResponseBody<"revokeAgentKey", 200> = await revokeAgentKey(services, String(req.params.key_id));
      res.status(200).json(body);
    },
    setAllowedModels: async (req, res) => {
      const { allowed } = req.body as { allowed: AllowedModel[] };
      const body: ResponseBody<"setAllowedModels", 200> = await setAllowedModels(services, String(req.params.agent_id), allowed);
      res.status(200).json(body);
    },
    getAllowedModels: async (req, res) => {
      const agentId = authorizeAgent(identityOf(req), String(req.params.agent_id), "read");
      const body: ResponseBody<"getAllowedModels", 200> = await getAllowedModels(services, agentId);
      res.status(200).json(body);
    },
  };
}
