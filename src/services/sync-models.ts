import { request } from "undici";
import type { SyncFailure, SyncSuccess } from "../api-types.ts";
import { parseModelList } from "../providers/model-list.ts";
import { providers } from "../providers/index.ts";
import { UpstreamProtocolError } from "../providers/types.ts";
import { readAnswer } from "../proxy/read-answer.ts";
import { upstreamFailureKind } from "../upstream-failure.ts";
import type { ServiceContext } from "./context.ts";
import { ensureModels, refreshCatalogPrices } from "./models.ts";
import { getProfileById, profileCredentials } from "./profiles.ts";

const MAX_LIST_BYTES = 16 * 1024 * 1024;

class SyncError extends Error {}

function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof SyncError) return err.message;
  const { kind, code } = upstreamFailureKind(err);
  switch (kind) {
    case "timeout":
      return `provider did not answer within ${timeoutMs} ms`;
    case "refused":
      return "connection refused";
    case "unresolved":
      return "provider host not found";
    case "reset":
      return "connection reset by the provider";
    default:
      return `request failed (${code})`;
  }
}

async function fetchModelIds(url: string, headers: Record<string, string>, timeoutMs: number): Promise<string[]> {
  const res = await request(url, { method: "GET", headers, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  if (res.statusCode < 200 || res.statusCode > 299) {
    await res.body.dump();
    throw new SyncError(`provider answered HTTP ${res.statusCode}`);
  }
  const declared = Number(res.headers["content-length"] ?? 0);
  if (declared > MAX_LIST_BYTES) {
    await res.body.dump();
    throw new SyncError(`provider's model list is larger than ${MAX_LIST_BYTES / 1024 / 1024} MB`);
  }
  // Read with a cap, not whole: a provider whose list never ends must not fill the memory.
  const text = await readAnswer(res.body, MAX_LIST_BYTES).catch((err: unknown) => {
    throw err instanceof UpstreamProtocolError ? new SyncError(`provider's model list is larger than ${MAX_LIST_BYTES / 1024 / 1024} MB`) : err;
  });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SyncError("provider's answer is not JSON");
  }
  const ids = parseModelList(body);
  if (!ids) throw new SyncError("provider's answer is not a model list ({\"data\": [{\"id\": ...}]})");
  return ids;
}

/** Imports the provider's model list into the profile; failures are reported, never thrown. */
export async function syncModels(ctx: ServiceContext, profileId: string): Promise<SyncSuccess | SyncFailure> {
  const profile = await getProfileById(ctx, profileId);
  const { api_key } = profileCredentials(ctx, profile);
  const { url, headers } = providers[profile.providerType].modelListRequest(profile.baseUrl, api_key);
  let ids: string[];
  try {
    ids = await fetchModelIds(url, headers, ctx.upstreamTimeoutMs);
  } catch (err) {
    const reason = describeFailure(err, ctx.upstreamTimeoutMs);
    return {
      ok: false,
      profile_name: profile.profileName,
      reason,
      error: { type: "upstream_error", message: `Syncing models of profile '${profile.profileName}' from ${url} failed: ${reason}.` },
    };
  }
  const created = ids.length > 0 ? await ensureModels(ctx, profile, ids) : 0;
  await refreshCatalogPrices(ctx, profile);
  return { ok: true, profile_name: profile.profileName, found: ids.length, created, models: ids };
}
