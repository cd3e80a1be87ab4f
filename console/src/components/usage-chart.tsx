import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from "chart.js";
import { useEffect, useRef } from "preact/hooks";
import type { Schemas } from "../api/client.ts";
import { SERIES_COLOURS } from "./series-colours.ts";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

type Usage = Schemas["Usage"];
type Figures = Schemas["UsageFigures"];

export type Metric = "requests" | "errors" | "tokens" | "cost";

export const METRICS: Record<Metric, { label: string; of(figures: Figures): number | null }> = {
  requests: { label: "Calls", of: (f) => f.requests },
  errors: { label: "Errors", of: (f) => f.errors },
  tokens: { label: "Tokens (input + output)", of: (f) => f.input_tokens + f.output_tokens },
  cost: { label: "Cost (USD)", of: (f) => f.cost_usd },
};


const STEP_MS = { hour: 3_600_000, day: 86_400_000 } as const;

/** Every bucket of the range, so hours without calls show as gaps at their place rather than vanish. */
function bucketStarts(usage: Usage): number[] {
  const step = STEP_MS[usage.bucket];
  const starts: number[] = [];
  for (let t = Date.parse(usage.since); t < Date.parse(usage.until) && starts.length < 1000; t += step) starts.push(t);
  return starts;
}

function bucketLabel(t: number, bucket: Usage["bucket"]): string {
  const options: Intl.DateTimeFormatOptions = bucket === "hour" ? { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" } : { day: "numeric", month: "short" };
  return new Date(t).toLocaleString("en-GB", options);
}

function chartConfig(usage: Usage, metric: Metric): ChartConfiguration<"bar", (number | null)[], string> {
  const starts = bucketStarts(usage);
  const index = new Map(starts.map((t, i) => [t, i]));
  const datasets = usage.groups.map((group, g) => {
    const values: (number | null)[] = starts.map(() => null);
    for (const row of usage.data) {
      const at = index.get(Date.parse(row.bucket_start));
      if (row.group === group.group && at !== undefined) values[at] = METRICS[metric].of(row);
    }
    const colour = SERIES_COLOURS[g % SERIES_COLOURS.length];
    return { label: group.group, data: values, backgroundColor: colour, borderColor: colour };
  });
  return {
    type: "bar",
    data: { labels: starts.map((t) => bucketLabel(t, usage.bucket)), datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      responsive: true,
      // Counts are whole numbers; only cost has decimals.
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: metric === "cost" ? undefined : 0 } } },
      plugins: { legend: { position: "bottom" } },
    },
  };
}

/** Usage over time, one stacked bar series per group (agent, profile or model). */
export function UsageChart({ usage, metric, by }: { usage: Usage; metric: Metric; by: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, chartConfig(usage, metric));
    return () => chart.destroy();
  }, [usage, metric]);
  const empty = usage.groups.length === 0;
  const unknownCost = metric === "cost" && usage.groups.some((g) => !g.cost_known);
  return (
    <figure class="chart">
      <figcaption>
        {METRICS[metric].label} by {by}
      </figcaption>
      {empty ? (
        <p class="note">No calls in this range.</p>
      ) : (
        <div class="chart-box">
          <canvas ref={canvas} role="img" aria-label={`${METRICS[metric].label} by ${by}`} />
        </div>
      )}
      {unknownCost && <p class="note">Some models have no price, so part of the cost is unknown and not drawn. Set prices on the Profiles page.</p>}
    </figure>
  );
}
