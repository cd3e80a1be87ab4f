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
-- usage_latency_bounds() (and above the previous one); the last element counts calls above 300 s.
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
CREATE FUNCTION "usage_latency_bounds"() RETURNS INTEGER[] LANGUAGE sql IMMUTABLE AS
$$ SELECT ARRAY[25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000, 300000] $$;

-- One call's histogram: a 1 in the bucket its latency falls in (bounds are inclusive upper bounds).
CREATE FUNCTION "usage_latency_one_hot"(ms INTEGER) RETURNS BIGINT[] LANGUAGE sql IMMUTABLE AS
$$ SELECT array_agg(CASE WHEN i = width_bucket(ms - 1, "usage_latency_bounds"()) THEN 1::bigint ELSE 0::bigint END ORDER BY i)
   FROM generate_series(0, 13) AS i $$;

-- Element-wise sum of two histograms, and the aggregate that sums many.
CREATE FUNCTION "usage_add_counts"(a BIGINT[], b BIGINT[]) RETURNS BIGINT[] LANGUAGE sql IMMUTABLE STRICT AS
$$ SELECT array_agg(x + y ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i) $$;
CREATE AGGREGATE "usage_sum_counts"(BIGINT[]) (SFUNC = "usage_add_counts", STYPE = BIGINT[]);

-- Every batch of audit rows (INSERT or COPY) adds itself to the rollups in the same transaction.
-- ON CONFLICT adds, so replicas writing the same hour at once each add their own calls; rows are
-- upserted in key order so two concurrent batches lock shared rollup rows in the same order.
CREATE FUNCTION "usage_rollup_audit_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "usage_hourly" AS u ("hour", "agent_id", "profile_name", "model_name", "requests", "errors",
        "input_tokens", "output_tokens", "cached_tokens", "latency_counts", "latency_max_ms")
    SELECT date_trunc('hour', r."created_at", 'UTC'), r."agent_id", r."profile_name", r."model_name", count(*),
        count(*) FILTER (WHERE r."status" >= 400), coalesce(sum(r."prompt_tokens"), 0), coalesce(sum(r."completion_tokens"), 0),
        coalesce(sum(r."cached_tokens"), 0), "usage_sum_counts"("usage_latency_one_hot"(r."latency_ms")), max(r."latency_ms")
    FROM new_rows r
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

-- Rows audited before this migration, so usage starts complete.
INSERT INTO "usage_hourly" ("hour", "agent_id", "profile_name", "model_name", "requests", "errors",
    "input_tokens", "output_tokens", "cached_tokens", "latency_counts", "latency_max_ms")
SELECT date_trunc('hour', "created_at", 'UTC'), "agent_id", "profile_name", "model_name", count(*),
    count(*) FILTER (WHERE "status" >= 400), coalesce(sum("prompt_tokens"), 0), coalesce(sum("completion_tokens"), 0),
    coalesce(sum("cached_tokens"), 0), "usage_sum_counts"("usage_latency_one_hot"("latency_ms")), max("latency_ms")
FROM "audit_requests"
GROUP BY 1, 2, 3, 4;
