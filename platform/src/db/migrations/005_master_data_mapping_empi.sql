-- 005: the data-center slice of issue #4: master data (departments, staff with prescribing
-- rights), code mapping (local code items, confirmed/rejected mappings, unmapped tracking),
-- and EMPI without 身份证号 (scored matching, review queue, merge/split history).

ALTER TABLE institutions ADD COLUMN division_code text;          -- 行政区划代码 (GB/T 2260), optional
ALTER TABLE departments ADD COLUMN category text;                 -- 科室类别 as the HIS names it
ALTER TABLE departments ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE departments ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

CREATE TABLE staff (
  id text PRIMARY KEY,
  institution_id text NOT NULL REFERENCES institutions(id),
  code text NOT NULL,                     -- 工号
  name text NOT NULL,
  id_card_hash text,                      -- sha256 of the 身份证号, like persons
  title text NOT NULL,                    -- 职称
  department_code text,
  prescribing_right boolean NOT NULL,     -- 处方权
  antibacterial_tier text NOT NULL CHECK (antibacterial_tier IN ('none', 'non-restricted', 'restricted', 'special')),
  narcotic_right boolean NOT NULL,        -- 麻醉药品和第一类精神药品处方权
  active boolean NOT NULL DEFAULT true,
  source text NOT NULL,                   -- his / xlsx
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (institution_id, code)
);

-- Local codes an institution uses (uploaded, or seen at ingest without a confirmed mapping).
CREATE TABLE code_items (
  institution_id text NOT NULL REFERENCES institutions(id),
  kind text NOT NULL CHECK (kind IN ('drug', 'diagnosis', 'lab', 'department')),
  local_code text NOT NULL,
  local_name text,
  spec text,                              -- 规格
  manufacturer text,
  atc text,
  source text NOT NULL,                   -- upload / ingest
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz NOT NULL DEFAULT now(),
  seen_count int NOT NULL DEFAULT 0,      -- times it arrived at ingest without a confirmed mapping
  example jsonb,
  PRIMARY KEY (institution_id, kind, local_code)
);

-- A person's verdict on a target for a local code. At most one confirmed per local code.
CREATE TABLE code_mappings (
  institution_id text NOT NULL,
  kind text NOT NULL,
  local_code text NOT NULL,
  target_code text NOT NULL,
  target_name text,
  status text NOT NULL CHECK (status IN ('confirmed', 'rejected')),
  decided_by text REFERENCES users(id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (institution_id, kind, local_code, target_code),
  FOREIGN KEY (institution_id, kind, local_code) REFERENCES code_items (institution_id, kind, local_code)
);
CREATE UNIQUE INDEX code_mappings_one_confirmed ON code_mappings (institution_id, kind, local_code) WHERE status = 'confirmed';

ALTER TABLE persons ADD COLUMN name_pinyin text;
ALTER TABLE persons ADD COLUMN merged_into text REFERENCES persons(id);
CREATE INDEX persons_name ON persons (name);
CREATE INDEX persons_name_pinyin ON persons (name_pinyin);
CREATE INDEX persons_birth ON persons (birth_date);

-- Suspected duplicates between the two thresholds, for a data steward.
CREATE TABLE empi_candidates (
  id text PRIMARY KEY,
  person_id text NOT NULL REFERENCES persons(id),       -- the person created for the new record
  candidate_id text NOT NULL REFERENCES persons(id),    -- the existing person it resembles
  score real NOT NULL,
  breakdown jsonb NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'not-same')),
  decided_by text REFERENCES users(id),
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_id, candidate_id)
);
CREATE INDEX empi_candidates_open ON empi_candidates (status, created_at);

CREATE TABLE empi_history (
  id text PRIMARY KEY,
  action text NOT NULL CHECK (action IN ('merge', 'split', 'auto-link')),
  survivor_id text NOT NULL REFERENCES persons(id),
  merged_id text NOT NULL REFERENCES persons(id),
  patient_ids jsonb NOT NULL,               -- patients moved (merge) or moved back (split)
  repointed_ids jsonb NOT NULL DEFAULT '[]', -- persons that pointed at the merged one
  merge_id text REFERENCES empi_history(id), -- a split names the merge it undoes
  score real,
  actor_id text,
  actor_name text,
  reason text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX empi_history_persons ON empi_history (merged_id, survivor_id);
