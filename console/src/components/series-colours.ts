/** Opaque colours, one per chart series, in order (the browser test looks for the first one's pixels). */
export const SERIES_COLOURS = ["#2563eb", "#f97316", "#16a34a", "#db2777", "#7c3aed", "#0891b2", "#ca8a04", "#64748b"];
