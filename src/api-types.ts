// Application names for the contract's schemas: aliases into generated/, never redeclared.
import type { components } from "../generated/switcher.ts";

type Schemas = components["schemas"];
export type ProviderType = Schemas["ProviderType"];
export type ProfileCreate = Schemas["ProfileCreate"];
export type ProfileView = Schemas["Profile"];
export type ModelUpsert = Schemas["ModelUpsert"];
export type ModelView = Schemas["Model"];
export type SwitchRequest = Schemas["SwitchRequest"];
export type SwitchResult = Schemas["SwitchResult"];
export type ActiveModel = Schemas["ActiveModel"];
export type SyncSuccess = Schemas["SyncSuccess"];
export type SyncFailure = Schemas["SyncFailure"];
export type ProfileUpdate = Schemas["ProfileUpdate"];
export type AgentKeyCreate = Schemas["AgentKeyCreate"];
export type AgentKeyView = Schemas["AgentKey"];
export type AgentKeyCreated = Schemas["AgentKeyCreated"];
export type AllowedModel = Schemas["AllowedModel"];
export type AllowedModelsOfAgent = Schemas["AllowedModelsOfAgent"];
export type ProbeResult = Schemas["ProbeResult"];
export type RollbackRequest = Schemas["RollbackRequest"];
export type HistoryEntry = Schemas["HistoryEntry"];
export type ScheduledSwitchView = Schemas["ScheduledSwitch"];
export type ScheduleCreate = Schemas["ScheduleCreate"];
export type ProbeRequest = Schemas["ProbeRequest"];
