-- Agent keys and allowed-model lists decide what a call may do: a change to them reaches every replica
-- through the same change counter and NOTIFY as routing changes.
CREATE TRIGGER "agent_keys_routing_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "agent_keys"
  FOR EACH STATEMENT EXECUTE FUNCTION "routing_changed"();
CREATE TRIGGER "agent_allowed_models_routing_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "agent_allowed_models"
  FOR EACH STATEMENT EXECUTE FUNCTION "routing_changed"();
