-- CreateEnum
CREATE TYPE "provider_type" AS ENUM ('openai', 'anthropic', 'openai_compatible');

-- CreateTable
CREATE TABLE "profiles" (
    "id" UUID NOT NULL,
    "profile_name" TEXT NOT NULL,
    "provider_type" "provider_type" NOT NULL,
    "base_url" TEXT NOT NULL,
    "credentials_ciphertext" TEXT NOT NULL,
    "key_hint" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "models" (
    "id" UUID NOT NULL,
    "profile_id" UUID NOT NULL,
    "model_name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "max_tokens" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_state" (
    "agent_id" TEXT NOT NULL,
    "profile_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agent_state_pkey" PRIMARY KEY ("agent_id")
);

-- CreateTable
CREATE TABLE "audit_switches" (
    "id" BIGSERIAL NOT NULL,
    "agent_id" TEXT NOT NULL,
    "from_profile" TEXT,
    "from_model" TEXT,
    "to_profile" TEXT NOT NULL,
    "to_model" TEXT NOT NULL,
    "switched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_switches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_requests" (
    "id" BIGSERIAL NOT NULL,
    "agent_id" TEXT NOT NULL,
    "profile_name" TEXT NOT NULL,
    "model_name" TEXT NOT NULL,
    "stream" BOOLEAN NOT NULL,
    "status" INTEGER NOT NULL,
    "latency_ms" INTEGER NOT NULL,
    "prompt_tokens" INTEGER,
    "completion_tokens" INTEGER,
    "total_tokens" INTEGER,
    "prompt_sha256" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "profiles_profile_name_key" ON "profiles"("profile_name");

-- CreateIndex
CREATE UNIQUE INDEX "models_profile_id_model_name_key" ON "models"("profile_id", "model_name");

-- CreateIndex
CREATE INDEX "audit_switches_agent_id_switched_at_idx" ON "audit_switches"("agent_id", "switched_at");

-- CreateIndex
CREATE INDEX "audit_requests_agent_id_created_at_idx" ON "audit_requests"("agent_id", "created_at");

-- AddForeignKey
ALTER TABLE "models" ADD CONSTRAINT "models_profile_id_fkey" FOREIGN KEY ("profile_id") REFERENCES "profiles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_state" ADD CONSTRAINT "agent_state_profile_id_fkey" FOREIGN KEY ("profile_id") REFERENCES "profiles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_state" ADD CONSTRAINT "agent_state_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
