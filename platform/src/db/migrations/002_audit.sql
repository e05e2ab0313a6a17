-- 002: append-only, hash-chained audit log (product.md §7 Security; seed 002 §6.3.1), and
-- signatures on decisions so they cannot be repudiated.

CREATE TABLE audit_log (
  seq bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_type text NOT NULL,           -- user / his / system
  actor_id text,
  actor_name text,
  institution_id text,
  ip text,
  action text NOT NULL,               -- login / login-failed / logout / view-task / decision / double-sign / cancel / lease / config
  target_type text,
  target_id text,
  detail jsonb NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);

-- Append-only: the application can insert, never change or remove.
CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();

CREATE TABLE platform_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE decisions ADD COLUMN signature text;
ALTER TABLE decisions ADD COLUMN signed_payload text;
