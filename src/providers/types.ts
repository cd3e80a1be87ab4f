/** A request to a provider, as pure data: the caller performs it. */
export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body?: string;
}
