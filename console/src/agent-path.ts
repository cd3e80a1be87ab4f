/**
 * An agent's page address. Agent ids are any text, and wouter applies decodeURI to the path before
 * matching, which decodes `%` but not `/`, `?` or `#`: encoding twice makes that first decoding give back
 * exactly the once-encoded id, which `agentIdFrom` then decodes. Plain ids (`researcher`) are unchanged.
 */
export const agentPath = (agentId: string): string => `/agents/${encodeURIComponent(encodeURIComponent(agentId))}`;

/** The agent id from the `:id` of `/agents/:id`, as wouter hands it over (already through decodeURI). */
export function agentIdFrom(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param; // typed by hand, not made by agentPath
  }
}
