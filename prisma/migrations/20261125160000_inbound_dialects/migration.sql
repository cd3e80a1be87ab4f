-- Which API the agent spoke (chat, messages, responses), and how many input tokens were read from the provider's cache.
ALTER TABLE "audit_requests" ADD COLUMN "dialect" TEXT NOT NULL DEFAULT 'chat';
ALTER TABLE "audit_requests" ADD COLUMN "cached_tokens" INTEGER;
