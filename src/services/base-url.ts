import type { ProfileCreate, ProviderType } from "../api-types.ts";
import { AppError, badRequest } from "../errors.ts";

export const DEFAULT_BASE_URLS: Record<ProviderType, string | undefined> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com",
  openai_compatible: undefined,
};

/** The base URL to store: the given one, else the provider type's default, checked and without a trailing slash. */
export function resolveBaseUrl(input: Pick<ProfileCreate, "base_url" | "provider_type">): string {
  const raw = input.base_url ?? DEFAULT_BASE_URLS[input.provider_type];
  if (!raw) {
    throw badRequest("base_url is required for provider_type openai_compatible (e.g. http://localhost:11434/v1).", "base_url");
  }
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("scheme");
    if (url.username || url.password) {
      throw badRequest("base_url must not carry a user or password; put the key in credentials.api_key.", "base_url");
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw badRequest(`base_url '${raw}' is not an http(s) URL.`, "base_url");
  }
  return raw.replace(/\/+$/, "");
}

