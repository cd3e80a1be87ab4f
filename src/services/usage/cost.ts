import type { PrismaClient } from "../../db/prisma-client/client.ts";

/** A model's current prices, USD per million tokens; null is unknown. */
export interface Prices {
  input: number | null;
  output: number | null;
  cachedInput: number | null;
}

export interface TokenSums {
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
}

/** Current prices of every model, by profile and model name (as audit rows and rollups name them). */
export type PriceBook = ReadonlyMap<string, Prices>;

export const modelKey = (profileName: string, modelName: string) => `${profileName}::${modelName}`;

export async function loadPriceBook(prisma: PrismaClient): Promise<PriceBook> {
  const rows = await prisma.model.findMany({
    select: { modelName: true, inputPricePerMtok: true, outputPricePerMtok: true, cachedInputPricePerMtok: true, profile: { select: { profileName: true } } },
  });
  return new Map(
    rows.map((r) => [modelKey(r.profile.profileName, r.modelName), { input: r.inputPricePerMtok, output: r.outputPricePerMtok, cachedInput: r.cachedInputPricePerMtok }]),
  );
}

/** price × tokens per million; a price that is needed (tokens > 0) but unknown makes the cost unknown. */
function part(tokens: number, price: number | null): number | null {
  if (tokens <= 0) return 0;
  return price === null ? null : (tokens * price) / 1_000_000;
}

/**
 * The cost of some usage of one model, or null when a price it needs is unknown: non-cached input at
 * the input price, cached input at the cached-input price (the input price when the model has none:
 * never cheaper than it could be), output at the output price. A model no longer known has no price.
 */
export function costOf(tokens: TokenSums, prices: Prices | undefined): number | null {
  const cached = Math.min(tokens.cachedTokens, tokens.inputTokens);
  const parts = [
    part(tokens.inputTokens - cached, prices?.input ?? null),
    part(cached, prices?.cachedInput ?? prices?.input ?? null),
    part(tokens.outputTokens, prices?.output ?? null),
  ];
  return parts.some((p) => p === null) ? null : parts.reduce<number>((sum, p) => sum + (p ?? 0), 0);
}
