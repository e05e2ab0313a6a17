-- 008: rule packs published through the platform (issue 6). An uploaded artifact is verified
-- fail-closed and kept as a candidate; publishing activates it (one active row), the previous
-- active becomes superseded and stays available as the last good pack. Refused uploads are
-- recorded with their reason for the admin. Custom rules (用药规则管理) are an overlay on the
-- active pack, applied without building a pack.
CREATE TABLE rule_packs (
  id text PRIMARY KEY,
  pack_id text NOT NULL,
  revision int NOT NULL,
  engine_api int NOT NULL,
  key_id text NOT NULL,
  artifact text NOT NULL,            -- the .ydpack JSON as uploaded (file texts inside are what the hashes cover)
  status text NOT NULL CHECK (status IN ('candidate', 'active', 'superseded')),
  uploaded_by text REFERENCES users(id),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  activated_by text REFERENCES users(id),
  activated_at timestamptz,
  UNIQUE (pack_id, revision)
);
CREATE UNIQUE INDEX rule_packs_one_active ON rule_packs ((true)) WHERE status = 'active';

CREATE TABLE rule_pack_failures (
  id text PRIMARY KEY,
  file_name text,
  pack_id text,
  revision int,
  reason text NOT NULL,
  message text NOT NULL,
  actor_id text REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE custom_rules (
  id text PRIMARY KEY,               -- the rule's id (lowercase, digits, hyphens)
  rule jsonb NOT NULL,               -- app/knowledge/rules.ts ruleSchema
  updated_by text REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Review plans (审方方案, seed 002 §3.6.2.2): departments and working hours of a plan, and
-- which levels or drug classes need a second pharmacist (多级审核, seed 002 §3.6.3.1).
ALTER TABLE review_plans ADD COLUMN departments jsonb NOT NULL DEFAULT '[]';
ALTER TABLE review_plans ADD COLUMN working_hours jsonb;
ALTER TABLE review_plans ADD COLUMN second_review jsonb NOT NULL DEFAULT '{"levels": [], "drugClasses": []}';
ALTER TABLE review_tasks ADD COLUMN second_review boolean NOT NULL DEFAULT false;
ALTER TABLE review_tasks ADD COLUMN first_reviewer text REFERENCES users(id);
