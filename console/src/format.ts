// How figures read on screen: plain numbers, "unknown" for a cost that cannot be computed, local times.
const integer = new Intl.NumberFormat("en");

export const formatCount = (n: number | null | undefined): string => (n == null ? "–" : integer.format(n));

/** "1 call", "2 calls": a count with its noun, singular for one. */
export const countOf = (n: number, noun: string): string => `${integer.format(n)} ${noun}${n === 1 ? "" : "s"}`;

/** Cost in USD; null means a price is missing, which is "unknown", never 0. */
export function formatCost(usd: number | null | undefined): string {
  if (usd == null) return "unknown";
  if (usd === 0) return "$0";
  return usd < 0.01 ? `$${usd.toPrecision(2)}` : `$${usd.toFixed(2)}`;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "never";
  return new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}

export const formatPrice = (price: number | null | undefined): string => (price == null ? "" : String(price));
