-- Agent keys and allowed-model lists decide what a call may do: a change to them reaches every replica
-- through the same change counter and NOTIFY as routing changes. Recording a key's last use is not such
-- a change (it is written every few seconds), so only the columns that decide access fire the trigger.
CREATE TRIGGER "agent_keys_routing_changed"
  AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF "name", "secret_sha256", "all_agents", "agent_ids", "scopes", "expires_at", "revoked_at"
  ON "agent_keys"
  FOR EACH STATEMENT EXECUTE FUNCTION "routing_changed"();
CREATE TRIGGER "agent_allowed_models_routing_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "agent_allowed_models"
  FOR EACH STATEMENT EXECUTE FUNCTION "routing_changed"();
