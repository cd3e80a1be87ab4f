import type { RollbackRequest, ScheduleCreate, SwitchRequest } from "../api-types.ts";
import { describeActor } from "../auth/identity.ts";
import { agentHistory, rollbackAgent } from "../services/rollback.ts";
import { cancelSchedule, createSchedule, getSchedule, listSchedules, type ScheduleFilter } from "../services/schedules.ts";
import { getActive, switchModel } from "../services/switching.ts";
import { agentCaller, forbidden } from "./caller.ts";
import type { OperationDeps, OperationHandler, ResponseBody } from "./types.ts";

type SwitchingOperations =
  | "switchModel"
  | "getActive"
  | "rollbackAgent"
  | "getAgentHistory"
  | "createSchedule"
  | "listSchedules"
  | "cancelSchedule";

export function switchingHandlers({ services, authenticator, clock }: OperationDeps): Record<SwitchingOperations, OperationHandler> {
  return {
    switchModel: async (req, res) => {
      const input = req.body as SwitchRequest;
      const caller = await agentCaller(req.headers, authenticator, input.agent_id);
      const body: ResponseBody<"switchModel", 200> = await switchModel(services, input, { via: "api", actor: describeActor(caller) });
      res.status(200).json(body);
    },
    getActive: async (req, res) => {
      const agentId = String(req.query.agent_id);
      await agentCaller(req.headers, authenticator, agentId);
      const body: ResponseBody<"getActive", 200> = await getActive(services, agentId);
      res.status(200).json(body);
    },
    rollbackAgent: async (req, res) => {
      const agentId = String(req.params.agent_id);
      const caller = await agentCaller(req.headers, authenticator, agentId);
      const input = (req.body ?? {}) as RollbackRequest;
      const body: ResponseBody<"rollbackAgent", 200> = await rollbackAgent(services, agentId, input, { via: "api", actor: describeActor(caller) });
      res.status(200).json(body);
    },
    getAgentHistory: async (req, res) => {
      const agentId = String(req.params.agent_id);
      await agentCaller(req.headers, authenticator, agentId);
      const limit = req.query.limit === undefined ? undefined : Number(req.query.limit);
      const body: ResponseBody<"getAgentHistory", 200> = { data: await agentHistory(services, agentId, limit) };
      res.status(200).json(body);
    },
    createSchedule: async (req, res) => {
      const input = req.body as ScheduleCreate;
      const caller = await agentCaller(req.headers, authenticator, input.agent_id);
      const body: ResponseBody<"createSchedule", 201> = await createSchedule(services, input, describeActor(caller), clock.now());
      res.status(201).json(body);
    },
    listSchedules: async (req, res) => {
      const agentId = req.query.agent_id === undefined ? undefined : String(req.query.agent_id);
      const caller = await agentCaller(req.headers, authenticator, agentId);
      const status = (req.query.status ?? "pending") as ScheduleFilter["status"];
      const agents = caller.agents === "all" ? undefined : caller.agents;
      const body: ResponseBody<"listSchedules", 200> = { data: await listSchedules(services, { agentId, agents, status }) };
      res.status(200).json(body);
    },
    cancelSchedule: async (req, res) => {
      const id = String(req.params.schedule_id);
      const caller = await agentCaller(req.headers, authenticator);
      const schedule = await getSchedule(services, id);
      if (caller.agents !== "all" && !caller.agents.includes(schedule.agent_id)) throw forbidden(schedule.agent_id);
      const body: ResponseBody<"cancelSchedule", 200> = await cancelSchedule(services, id, describeActor(caller));
      res.status(200).json(body);
    },
  };
}
