-- One-row change counter: every write that can change routing bumps it in its own transaction and
-- announces the new value with NOTIFY, delivered to every replica's LISTEN when that transaction commits.
-- Replicas that cannot LISTEN (poolers in transaction mode) read the counter every few seconds instead.
CREATE TABLE "routing_version" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "routing_version_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "routing_version_one_row" CHECK ("id" = 1)
);

INSERT INTO "routing_version" ("id", "version") VALUES (1, 0);

-- A table whose rows decide routing attaches this function as a statement trigger:
--   CREATE TRIGGER <table>_routing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON <table>
--     FOR EACH STATEMENT EXECUTE FUNCTION "routing_changed"();
CREATE FUNCTION "routing_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    next_version BIGINT;
BEGIN
    UPDATE "routing_version" SET "version" = "version" + 1 WHERE "id" = 1 RETURNING "version" INTO next_version;
    PERFORM pg_notify('switcher_routing', next_version::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER "profiles_routing_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "profiles"
    FOR EACH STATEMENT EXECUTE FUNCTION "routing_changed"();
CREATE TRIGGER "models_routing_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "models"
    FOR EACH STATEMENT EXECUTE FUNCTION "routing_changed"();
CREATE TRIGGER "agent_state_routing_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "agent_state"
    FOR EACH STATEMENT EXECUTE FUNCTION "routing_changed"();

-- Console queries by time across agents, and retention's deletes of the oldest rows.
CREATE INDEX "audit_requests_created_at_idx" ON "audit_requests"("created_at");
CREATE INDEX "audit_switches_switched_at_idx" ON "audit_switches"("switched_at");
