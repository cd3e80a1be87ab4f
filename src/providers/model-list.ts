// OpenAI and Anthropic both answer their model listing as `{"data": [{"id": ...}, ...]}`.

/** Whether an id can be stored as a model name (the contract's Name: non-blank, ≤ 200, no NUL). */
const storable = (id: string) => id.trim() !== "" && id.length <= 200 && !id.includes("\u0000");

/**
 * The model ids in a provider's model list (ids that cannot be model names are skipped), or undefined
 * when the body is not such a list.
 */
export function parseModelList(body: unknown): string[] | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const data = (body as { data?: unknown }).data;
  if (!Array.isArray(data)) return undefined;
  const ids: string[] = [];
  for (const entry of data) {
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof id !== "string") return undefined;
    if (storable(id)) ids.push(id);
  }
  return [...new Set(ids)];
}
