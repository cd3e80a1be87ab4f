-- Per-agent keys: only a SHA-256 of the secret is stored; key_hint is 'msk_…' plus its last 4 characters.
-- all_agents: bound to every agent (agent_ids is then empty).
CREATE TABLE "agent_keys" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "secret_sha256" TEXT NOT NULL,
    "key_hint" TEXT NOT NULL,
    "all_agents" BOOLEAN NOT NULL DEFAULT false,
    "agent_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "scopes" TEXT[] NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_keys_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "agent_keys_name_key" ON "agent_keys"("name");
CREATE UNIQUE INDEX "agent_keys_secret_sha256_key" ON "agent_keys"("secret_sha256");

-- Which profiles and models an agent may be switched to. No rows: anything enabled. model_name NULL:
-- any model of the profile. Names, not foreign keys, so deleting a profile never widens a list.
CREATE TABLE "agent_allowed_models" (
    "id" UUID NOT NULL,
    "agent_id" TEXT NOT NULL,
    "profile_name" TEXT NOT NULL,
    "model_name" TEXT,

    CONSTRAINT "agent_allowed_models_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "agent_allowed_models_agent_id_idx" ON "agent_allowed_models"("agent_id");

-- Who acted: 'admin', 'legacy agent key' or 'key <name> (<id>)'; key_id for per-agent keys.
ALTER TABLE "audit_switches" ADD COLUMN "actor" TEXT;
ALTER TABLE "audit_switches" ADD COLUMN "key_id" UUID;
ALTER TABLE "audit_requests" ADD COLUMN "actor" TEXT;
ALTER TABLE "audit_requests" ADD COLUMN "key_id" UUID;
