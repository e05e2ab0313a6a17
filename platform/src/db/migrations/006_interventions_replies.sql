-- 006: 事后干预 (interventions) and doctor replies / appeals (医师处方回复管理, seed 002
-- §3.6.4.2). A pharmacist's rejection that lost to the circuit breaker (rejected after
-- auto-pass, architecture.md §Sync) does not vanish: it becomes an intervention the
-- prescribing doctor sees in their inbox. Doctors (workstation or HIS) reply to or appeal a
-- rejection; the pharmacist sees the replies in the task's history.

CREATE TABLE interventions (
  id text PRIMARY KEY,
  prescription_id text NOT NULL REFERENCES prescriptions(id),
  version int NOT NULL,
  task_id text REFERENCES review_tasks(id),
  command_id text UNIQUE,             -- the pharmacist command that raised it (one per command)
  pharmacist_id text REFERENCES users(id),
  pharmacist_name text,
  decision text NOT NULL,             -- reject / reject-allow-double-sign
  reason_code text,
  reason text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replied', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interventions_prescription ON interventions (prescription_id, created_at);

CREATE TABLE prescription_replies (
  id text PRIMARY KEY,
  prescription_id text NOT NULL REFERENCES prescriptions(id),
  version int NOT NULL,
  intervention_id text REFERENCES interventions(id),
  kind text NOT NULL CHECK (kind IN ('reply', 'appeal')),   -- 回复 / 申诉
  text text NOT NULL,
  source text NOT NULL CHECK (source IN ('workstation', 'his')),
  author_id text,
  author_name text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX prescription_replies_prescription ON prescription_replies (prescription_id, created_at);

-- The HIS 工号 of a doctor account: links the workstation login to the prescriptions the
-- HIS sent under that code. Without it, prescriptions match by institution and name.
ALTER TABLE users ADD COLUMN his_doctor_code text;
