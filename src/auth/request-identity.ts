import type { Request } from "express";
import { AppError } from "../errors.ts";
import type { CallerIdentity } from "./identity.ts";

const identities = new WeakMap<Request, CallerIdentity>();

/** Remembers who sent a control-plane request (set by the security check). */
export function setIdentity(req: Request, identity: CallerIdentity): void {
  identities.set(req, identity);
}

/** Who sent the request; only routes with a key check have one. */
export function identityOf(req: Request): CallerIdentity {
  const identity = identities.get(req);
  if (!identity) throw new AppError(500, "internal_error", "Internal error. The details are in the service log.");
  return identity;
}
