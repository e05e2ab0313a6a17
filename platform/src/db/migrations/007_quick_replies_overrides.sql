-- 007: the pharmacist's own quick-reply templates (快捷回复, seed 002 §3.6.3), and override
-- reasons recorded per finding when a pharmacist approves despite a finding at 慎用 or above.

CREATE TABLE quick_replies (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  code text NOT NULL,                 -- a REJECT_REASONS code (app/sync/api.ts)
  text text NOT NULL,
  position int NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quick_replies_user ON quick_replies (user_id, position);

-- A user's list is seeded from the defaults once; deleting every template keeps it empty.
CREATE TABLE quick_reply_owners (
  user_id text PRIMARY KEY REFERENCES users(id),
  seeded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE finding_overrides (
  id text PRIMARY KEY,
  task_id text NOT NULL REFERENCES review_tasks(id),
  prescription_id text NOT NULL REFERENCES prescriptions(id),
  version int NOT NULL,
  finding_id text NOT NULL REFERENCES findings(id),
  user_id text NOT NULL REFERENCES users(id),
  reason_code text NOT NULL,
  note text NOT NULL DEFAULT '',
  -- NULL while a draft; the approving decision's id once the approval was accepted.
  decision_id text REFERENCES decisions(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX finding_overrides_task ON finding_overrides (task_id, user_id);
CREATE INDEX finding_overrides_prescription ON finding_overrides (prescription_id);
