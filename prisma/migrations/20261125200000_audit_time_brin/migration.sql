-- audit_requests only grows at its end, in created_at order: a BRIN index serves retention's
-- "older than" deletes and time-range reads at a fraction of a B-tree's cost per inserted row (the
-- audit insert runs on the event loop with the embedded database, so every index is on the hot path).
DROP INDEX "audit_requests_created_at_idx";
CREATE INDEX "audit_requests_created_at_idx" ON "audit_requests" USING BRIN ("created_at");
