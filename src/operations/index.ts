import { healthHandlers } from "./health.ts";
import { keyHandlers } from "./keys.ts";
import { modelHandlers } from "./models.ts";
import { observabilityHandlers } from "./observability.ts";
import { profileHandlers } from "./profiles.ts";
import { switchingHandlers } from "./switching.ts";
import type { OperationDeps, OperationHandler, OperationId } from "./types.ts";

/** One handler per operationId of the contract: a new operation in the spec fails `tsc` until it has one. */
export function operationHandlers(deps: OperationDeps): Record<OperationId, OperationHandler> {
  return {
    ...healthHandlers(deps),
    ...profileHandlers(deps),
    ...modelHandlers(deps),
    ...switchingHandlers(deps),
    ...keyHandlers(deps),
    ...observabilityHandlers(deps),
  };
}
