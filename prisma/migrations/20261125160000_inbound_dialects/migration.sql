-- Which API the agent spoke (chat, messages, responses), and how many input tokens were read from the provider's cache.
ALTER TABLE "audit_requests" ADD COLUMN "dialect" TEXT NOT NULL DEFAULT 'chat';
ALTER TABLE "audit_requests" ADD COLUMN "cached_tokens" INTEGER;

-- Whether a profile serves OpenAI's Responses API: OpenAI's does; compatible servers only when the operator says so.
ALTER TABLE "profiles" ADD COLUMN "responses_api" BOOLEAN NOT NULL DEFAULT false;
UPDATE "profiles" SET "responses_api" = true WHERE "provider_type" = 'openai';
