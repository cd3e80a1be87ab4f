// OpenAI and Anthropic both answer their model listing as `{"data": [{"id": ...}, ...]}`.

/** The model ids in a provider's model list, or undefined when the body is not such a list. */
export function parseModelList(body: unknown): string[] | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const data = (body as { data?: unknown }).data;
  if (!Array.isArray(data)) return undefined;
  const ids: string[] = [];
  for (const entry of data) {
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof id !== "string" || id.trim() === "" || id.length > 200) return undefined;
    ids.push(id);
  }
  return [...new Set(ids)];
}
