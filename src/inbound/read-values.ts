// Checks shared by every dialect's reading of parameters: each names the parameter and what to send.
import { badRequest } from "../errors.ts";
import type { BodyScan } from "../proxy/body-scan.ts";

/** Whether the call streams, from the scan of its body: `stream` must be a boolean when given. */
export function streams(values: BodyScan["values"]): boolean {
  const kind = values.get("stream")?.kind;
  if (kind === undefined || kind === "null" || kind === "false") return false;
  if (kind === "true") return true;
  throw badRequest("stream must be true or false.", "stream");
}

export function optionalNumber(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw badRequest(`${name} must be a number.`, name);
  return value;
}

export function optionalPositiveInteger(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || (value as number) < 1) throw badRequest(`${name} must be a positive integer.`, name);
  return value as number;
}

export function stringList(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || !list.every((s) => typeof s === "string")) throw badRequest(`${name} must be a string or an array of strings.`, name);
  return list.length > 0 ? list : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON schema as tools and response formats carry it: an object, or the empty object schema. */
export function schemaOf(value: unknown, where: string, param: string): Record<string, unknown> {
  if (value === undefined || value === null) return { type: "object", properties: {} };
  if (!isObject(value)) throw badRequest(`${where} must be a JSON schema object.`, param);
  return value;
}
