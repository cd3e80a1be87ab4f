-- Switch history: how a switch was asked for, by whom, and which entry a rollback restored.
ALTER TABLE "audit_switches" ADD COLUMN "via" TEXT NOT NULL DEFAULT 'api';
-- (who asked, "actor", is the agent-keys migration's column)
ALTER TABLE "audit_switches" ADD COLUMN "rollback_of" BIGINT;

-- Switches to apply later, and switches back at a switch's `until`. Names, not foreign keys: the
-- target is resolved when the schedule applies, as a switch by hand would be.
CREATE TABLE "scheduled_switches" (
    "id" UUID NOT NULL,
    "agent_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "profile_name" TEXT,
    "model_name" TEXT,
    "verify" BOOLEAN NOT NULL DEFAULT false,
    "run_at" TIMESTAMPTZ(3) NOT NULL,
    "until" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL DEFAULT 'pending',
    "outcome" TEXT,
    "revert_of" UUID,
    "history_id" BIGINT,
    "actor" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_at" TIMESTAMPTZ(3),

    CONSTRAINT "scheduled_switches_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "scheduled_switches_status_run_at_idx" ON "scheduled_switches"("status", "run_at");

-- CreateIndex
CREATE INDEX "scheduled_switches_agent_id_run_at_idx" ON "scheduled_switches"("agent_id", "run_at");

-- CreateIndex
CREATE UNIQUE INDEX "scheduled_switches_revert_of_key" ON "scheduled_switches"("revert_of");

-- AddForeignKey
ALTER TABLE "scheduled_switches" ADD CONSTRAINT "scheduled_switches_revert_of_fkey" FOREIGN KEY ("revert_of") REFERENCES "scheduled_switches"("id") ON DELETE CASCADE ON UPDATE CASCADE;
