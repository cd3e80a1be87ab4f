import { randomUUID } from "node:crypto";
import type { ScheduleCreate, ScheduledSwitchView } from "../api-types.ts";
import { badRequest, conflict, notFound } from "../errors.ts";
import type { ServiceContext } from "./context.ts";
import { getProfileByName } from "./profiles.ts";
import { toScheduleView, type ScheduleStatus } from "./schedule-rows.ts";

/** Stores a switch to apply at `at` (and, with `until`, to undo then). The profile must exist now; the model is checked when it applies. */
export async function createSchedule(ctx: ServiceContext, input: ScheduleCreate, actor: string | null, now: Date): Promise<ScheduledSwitchView> {
  const at = new Date(input.at);
  if (at <= now) throw badRequest(`at (${input.at}) is not in the future. To switch now, use POST /api/switch.`, "at");
  const until = input.until === undefined ? null : new Date(input.until);
  if (until && until <= at) throw badRequest(`until (${input.until}) must be later than at (${input.at}).`, "until");
  await getProfileByName(ctx, input.profile_name);
  const row = await ctx.prisma.scheduledSwitch.create({
    data: {
      id: randomUUID(),
      agentId: input.agent_id,
      kind: "switch",
      profileName: input.profile_name,
      modelName: input.model_name,
      verify: input.verify ?? false,
      runAt: at,
      until,
      actor,
    },
  });
  return toScheduleView(row);
}

export interface ScheduleFilter {
  agentId?: string;
  /** Only these agents' schedules (a key bound to some agents); undefined for all. */
  agents?: readonly string[];
  status: ScheduleStatus | "all";
}

export async function listSchedules(ctx: ServiceContext, filter: ScheduleFilter): Promise<ScheduledSwitchView[]> {
  const agentIds = filter.agentId !== undefined ? [filter.agentId] : filter.agents;
  const rows = await ctx.prisma.scheduledSwitch.findMany({
    where: {
      ...(agentIds ? { agentId: { in: [...agentIds] } } : {}),
      ...(filter.status === "all" ? {} : { status: filter.status }),
    },
    orderBy: [{ runAt: "asc" }, { createdAt: "asc" }],
    take: 1000,
  });
  return rows.map(toScheduleView);
}

export async function getSchedule(ctx: ServiceContext, id: string): Promise<ScheduledSwitchView> {
  const row = await ctx.prisma.scheduledSwitch.findUnique({ where: { id } });
  if (!row) throw notFound(`No scheduled switch with id '${id}'. List them with GET /api/schedules?status=all.`);
  return toScheduleView(row);
}

/** Cancels a pending schedule; one already applied, failed or cancelled is a 409. */
export async function cancelSchedule(ctx: ServiceContext, id: string, actor: string | null): Promise<ScheduledSwitchView> {
  // Conditional on status, so it cannot race the scheduler claiming the row: one of the two wins.
  const { count } = await ctx.prisma.scheduledSwitch.updateMany({
    where: { id, status: "pending" },
    data: { status: "cancelled", outcome: `cancelled by ${actor ?? "unknown"}` },
  });
  const view = await getSchedule(ctx, id);
  if (count === 0) throw conflict(`Scheduled switch '${id}' is ${view.status}, not pending; it cannot be cancelled.`);
  return view;
}
