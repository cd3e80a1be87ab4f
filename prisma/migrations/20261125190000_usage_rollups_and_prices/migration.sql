-- Model prices in USD per million tokens; null is "unknown" (cost shown as unknown, never 0).
-- price_source: 'catalog' (seeded from @pydantic/genai-prices), 'admin' (set by the admin; sync keeps it), or null.
ALTER TABLE "models"
    ADD COLUMN "input_price_per_mtok" DOUBLE PRECISION,
    ADD COLUMN "output_price_per_mtok" DOUBLE PRECISION,
    ADD COLUMN "cached_input_price_per_mtok" DOUBLE PRECISION,
    ADD COLUMN "price_source" TEXT;

-- Hourly usage per agent, profile and model, so usage answers never scan audit_requests. Audit
-- retention deletes audit rows only: rollups are kept (one small row per agent, model and hour).
-- latency_counts is a fixed histogram: element i counts calls with latency <= the i-th bound of
-- usage_latency_bucket() (and above the previous one); the last element counts calls above 300 s.
CREATE TABLE "usage_hourly" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "agent_id" TEXT NOT NULL,
    "profile_name" TEXT NOT NULL,
    "model_name" TEXT NOT NULL,
    "requests" BIGINT NOT NULL,
    "errors" BIGINT NOT NULL,
    "input_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "cached_tokens" BIGINT NOT NULL,
    "latency_counts" BIGINT[] NOT NULL,
    "latency_max_ms" INTEGER NOT NULL,

    CONSTRAINT "usage_hourly_pkey" PRIMARY KEY ("hour", "agent_id", "profile_name", "model_name")
);
CREATE INDEX "usage_hourly_agent_id_hour_idx" ON "usage_hourly" ("agent_id", "hour");

-- Upper bounds (ms) of the latency histogram; src/services/usage/latency-histogram.ts holds the same list.
-- A call's bucket is 0..13: the first bound at or above its latency, or 13 above 300 s.
CREATE FUNCTION "usage_latency_bucket"(ms INTEGER) RETURNS INTEGER LANGUAGE sql IMMUTABLE AS
$$ SELECT width_bucket(ms - 1, ARRAY[25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000, 300000]) $$;

-- Element-wise sum of two histograms (a rollup row and a batch adding to it).
CREATE FUNCTION "usage_add_counts"(a BIGINT[], b BIGINT[]) RETURNS BIGINT[] LANGUAGE sql IMMUTABLE STRICT AS
$$ SELECT array_agg(x + y ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i) $$;

-- Every batch of audit rows (INSERT or COPY) adds itself to the rollups in the same transaction.
-- ON CONFLICT adds, so replicas writing the same hour at once each add their own calls; rows are
-- upserted in key order so two concurrent batches lock shared rollup rows in the same order.
-- The histogram is counted with one FILTER per bucket: plain aggregates, cheap per row.
CREATE FUNCTION "usage_rollup_audit_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "usage_hourly" AS u ("hour", "agent_id", "profile_name", "model_name", "requests", "errors",
        "input_tokens", "output_tokens", "cached_tokens", "latency_counts", "latency_max_ms")
    SELECT date_trunc('hour', r."created_at", 'UTC'), r."agent_id", r."profile_name", r."model_name", count(*),
        count(*) FILTER (WHERE r."status" >= 400), coalesce(sum(r."prompt_tokens"), 0), coalesce(sum(r."completion_tokens"), 0),
        coalesce(sum(r."cached_tokens"), 0),
        ARRAY[count(*) FILTER (WHERE b = 0), count(*) FILTER (WHERE b = 1), count(*) FILTER (WHERE b = 2), count(*) FILTER (WHERE b = 3), count(*) FILTER (WHERE b = 4), count(*) FILTER (WHERE b = 5), count(*) FILTER (WHERE b = 6), count(*) FILTER (WHERE b = 7), count(*) FILTER (WHERE b = 8), count(*) FILTER (WHERE b = 9), count(*) FILTER (WHERE b = 10), count(*) FILTER (WHERE b = 11), count(*) FILTER (WHERE b = 12), count(*) FILTER (WHERE b = 13)]::bigint[],
        max(r."latency_ms")
    FROM (SELECT n.*, "usage_latency_bucket"(n."latency_ms") AS b FROM new_rows n) r
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT ("hour", "agent_id", "profile_name", "model_name") DO UPDATE SET
        "requests" = u."requests" + EXCLUDED."requests",
        "errors" = u."errors" + EXCLUDED."errors",
        "input_tokens" = u."input_tokens" + EXCLUDED."input_tokens",
        "output_tokens" = u."output_tokens" + EXCLUDED."output_tokens",
        "cached_tokens" = u."cached_tokens" + EXCLUDED."cached_tokens",
        "latency_counts" = "usage_add_counts"(u."latency_counts", EXCLUDED."latency_counts"),
        "latency_max_ms" = greatest(u."latency_max_ms", EXCLUDED."latency_max_ms");
    RETURN NULL;
END;
$$;

CREATE TRIGGER "audit_requests_usage_rollup" AFTER INSERT ON "audit_requests"
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "usage_rollup_audit_rows"();

-- Rows audited before this migration, so usage starts complete: re-inserting them in place would fire
-- the trigger, so the same sums are written directly.
INSERT INTO "usage_hourly" ("hour", "agent_id", "profile_name", "model_name", "requests", "errors",
    "input_tokens", "output_tokens", "cached_tokens", "latency_counts", "latency_max_ms")
SELECT date_trunc('hour', r."created_at", 'UTC'), r."agent_id", r."profile_name", r."model_name", count(*),
    count(*) FILTER (WHERE r."status" >= 400), coalesce(sum(r."prompt_tokens"), 0), coalesce(sum(r."completion_tokens"), 0),
    coalesce(sum(r."cached_tokens"), 0),
    ARRAY[count(*) FILTER (WHERE b = 0), count(*) FILTER (WHERE b = 1), count(*) FILTER (WHERE b = 2), count(*) FILTER (WHERE b = 3), count(*) FILTER (WHERE b = 4), count(*) FILTER (WHERE b = 5), count(*) FILTER (WHERE b = 6), count(*) FILTER (WHERE b = 7), count(*) FILTER (WHERE b = 8), count(*) FILTER (WHERE b = 9), count(*) FILTER (WHERE b = 10), count(*) FILTER (WHERE b = 11), count(*) FILTER (WHERE b = 12), count(*) FILTER (WHERE b = 13)]::bigint[],
    max(r."latency_ms")
FROM (SELECT a.*, "usage_latency_bucket"(a."latency_ms") AS b FROM "audit_requests" a) r
GROUP BY 1, 2, 3, 4;
