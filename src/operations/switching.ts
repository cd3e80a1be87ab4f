import type { RollbackRequest, ScheduleCreate, SwitchRequest } from "../api-types.ts";
import { authorizeAgent } from "../auth/access.ts";
import { actorLabel, mayActFor } from "../auth/identity.ts";
import { identityOf } from "../auth/request-identity.ts";
import { forbidden } from "../errors.ts";
import { agentHistory, rollbackAgent } from "../services/rollback.ts";
import { cancelSchedule, createSchedule, getSchedule, listSchedules, type ScheduleFilter } from "../services/schedules.ts";
import { getActive, switchModel } from "../services/switching.ts";
import type { OperationDeps, OperationHandler, ResponseBody } from "./types.ts";

const optionalText = (value: unknown) => (typeof value === "string" ? value : undefined);

type SwitchingOperations =
  | "switchModel"
  | "getActive"
  | "rollbackAgent"
  | "getAgentHistory"
  | "createSchedule"
  | "listSchedules"
  | "cancelSchedule";

export function switchingHandlers({ services, clock }: OperationDeps): Record<SwitchingOperations, OperationHandler> {
  return {
    switchModel: async (req, res) => {
      const input = req.body as SwitchRequest;
      const caller = identityOf(req);
      const agentId = authorizeAgent(caller, input.agent_id, "switch");
      const body: ResponseBody<"switchModel", 200> = await switchModel(services, { ...input, agent_id: agentId }, caller);
      res.status(200).json(body);
    },
    getActive: async (req, res) => {
      const agentId = authorizeAgent(identityOf(req), optionalText(req.query.agent_id), "read");
      const body: ResponseBody<"getActive", 200> = await getActive(services, agentId);
      res.status(200).json(body);
    },
    rollbackAgent: async (req, res) => {
      const caller = identityOf(req);
      const agentId = authorizeAgent(caller, String(req.params.agent_id), "switch");
      const input = (req.body ?? {}) as RollbackRequest;
      const body: ResponseBody<"rollbackAgent", 200> = await rollbackAgent(services, agentId, input, caller, "api");
      res.status(200).json(body);
    },
    getAgentHistory: async (req, res) => {
      const agentId = authorizeAgent(identityOf(req), String(req.params.agent_id), "read");
      const limit = req.query.limit === undefined ? undefined : Number(req.query.limit);
      const body: ResponseBody<"getAgentHistory", 200> = { data: await agentHistory(services, agentId, limit) };
      res.status(200).json(body);
    },
    createSchedule: async (req, res) => {
      const input = req.body as ScheduleCreate;
      const caller = identityOf(req);
      const agentId = authorizeAgent(caller, input.agent_id, "switch");
      const body: ResponseBody<"createSchedule", 201> = await createSchedule(services, { ...input, agent_id: agentId }, actorLabel(caller), clock.now());
      res.status(201).json(body);
    },
    listSchedules: async (req, res) => {
      const caller = identityOf(req);
      const named = optionalText(req.query.agent_id);
      const agentId = named === undefined ? undefined : authorizeAgent(caller, named, "read");
      const status = (req.query.status ?? "pending") as ScheduleFilter["status"];
      const agents = caller.agents === "all" ? undefined : caller.agents;
      const body: ResponseBody<"listSchedules", 200> = { data: await listSchedules(services, { agentId, agents, status }) };
      res.status(200).json(body);
    },
    cancelSchedule: async (req, res) => {
      const caller = identityOf(req);
      const schedule = await getSchedule(services, String(req.params.schedule_id));
      if (!mayActFor(caller, schedule.agent_id)) throw forbidden(`This key may not cancel schedules of agent '${schedule.agent_id}'.`);
      authorizeAgent(caller, schedule.agent_id, "switch");
      const body: ResponseBody<"cancelSchedule", 200> = await cancelSchedule(services, schedule.id, actorLabel(caller));
      res.status(200).json(body);
    },
  };
}
