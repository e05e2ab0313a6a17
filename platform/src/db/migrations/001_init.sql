-- 001: the walking skeleton's data: master data, users and sessions, HIS clients, review
-- plans, patients, prescriptions with versions, check runs and findings, review tasks,
-- decisions, command outcomes (idempotent sync), the change feed, and the audit log.

CREATE TABLE institutions (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  level text NOT NULL,            -- 县级医院 / 乡镇卫生院 / 社区卫生服务中心 / 村卫生室
  region text,
  parent_id text REFERENCES institutions(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE departments (
  id text PRIMARY KEY,
  institution_id text NOT NULL REFERENCES institutions(id),
  code text NOT NULL,
  name text NOT NULL,
  UNIQUE (institution_id, code)
);

CREATE TABLE users (
  id text PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('pharmacist', 'doctor', 'qa', 'admin', 'supervisor')),
  institution_id text REFERENCES institutions(id),
  title text,
  password_hash text NOT NULL,
  failed_attempts int NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);

CREATE TABLE his_clients (
  id text PRIMARY KEY,
  name text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  institution_id text REFERENCES institutions(id),   -- NULL = county-wide integration client
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE review_plans (
  id text PRIMARY KEY,
  name text NOT NULL,
  timeout_seconds int NOT NULL CHECK (timeout_seconds > 0),
  actions jsonb NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE patients (
  id text PRIMARY KEY,
  institution_id text NOT NULL REFERENCES institutions(id),
  his_patient_id text NOT NULL,
  name text,
  sex text,
  birth_date date,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (institution_id, his_patient_id)
);

CREATE TABLE prescriptions (
  id text PRIMARY KEY,
  institution_id text NOT NULL REFERENCES institutions(id),
  prescription_no text NOT NULL,
  patient_id text NOT NULL REFERENCES patients(id),
  kind text NOT NULL,               -- outpatient / inpatient / internet
  current_version int NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (institution_id, prescription_no)
);

CREATE TABLE prescription_versions (
  id text PRIMARY KEY,
  prescription_id text NOT NULL REFERENCES prescriptions(id),
  version int NOT NULL,
  status text NOT NULL,
  visit_type text,
  department_name text,
  doctor_code text,
  doctor_name text,
  doctor_title text,
  prescribed_at timestamptz NOT NULL,
  payload jsonb NOT NULL,           -- the submission as received, normalized (display + engine input)
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (prescription_id, version)
);

CREATE TABLE check_runs (
  id text PRIMARY KEY,
  version_id text NOT NULL REFERENCES prescription_versions(id),
  pack_id text NOT NULL,
  pack_revision int NOT NULL,
  max_level text,
  action text NOT NULL,
  duration_ms real NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX check_runs_version ON check_runs (version_id);

CREATE TABLE findings (
  id text PRIMARY KEY,
  check_run_id text NOT NULL REFERENCES check_runs(id),
  seq int NOT NULL,
  check_type text NOT NULL,
  level text NOT NULL,
  rule_id text NOT NULL,
  review_code text NOT NULL,
  orders jsonb NOT NULL,
  summary text NOT NULL,
  what text NOT NULL,
  why text NOT NULL,
  action text NOT NULL,
  sources jsonb NOT NULL,
  facts jsonb NOT NULL
);
CREATE INDEX findings_run ON findings (check_run_id, seq);

CREATE TABLE review_tasks (
  id text PRIMARY KEY,
  prescription_id text NOT NULL REFERENCES prescriptions(id),
  version_id text NOT NULL UNIQUE REFERENCES prescription_versions(id),
  plan_id text REFERENCES review_plans(id),
  status text NOT NULL,
  max_level text,
  deadline timestamptz NOT NULL,
  leased_by text REFERENCES users(id),
  lease_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  decided_by text REFERENCES users(id)
);
CREATE INDEX review_tasks_pending ON review_tasks (status, deadline);

CREATE TABLE decisions (
  id text PRIMARY KEY,
  prescription_id text NOT NULL REFERENCES prescriptions(id),
  version_id text REFERENCES prescription_versions(id),
  version int NOT NULL,
  event text NOT NULL,              -- submit / approve / reject / reject-allow-double-sign / double-sign / cancel / modify / timeout / dispense
  from_status text,
  to_status text NOT NULL,
  actor_type text NOT NULL,         -- pharmacist / doctor / system / his
  actor_id text,
  actor_name text,
  reason_code text,
  reason text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decisions_prescription ON decisions (prescription_id, created_at);

CREATE TABLE command_outcomes (
  command_id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  outcome jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE change_feed (
  seq bigserial PRIMARY KEY,
  kind text NOT NULL,
  entity_id text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
