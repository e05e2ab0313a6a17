-- 003: finished-visit data sets for 处方点评 (insert-or-update by natural key), rejected
-- records for data-quality feedback, and the EMPI person every institution's patient links to.

CREATE TABLE persons (
  id text PRIMARY KEY,
  id_card_hash text UNIQUE,            -- sha256 of the 身份证号: the number itself is not needed to link
  name text,
  sex text,
  birth_date date,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE patients ADD COLUMN person_id text REFERENCES persons(id);
ALTER TABLE patients ADD COLUMN phone text;
CREATE INDEX patients_person ON patients (person_id);

CREATE TABLE dataset_records (
  institution_id text NOT NULL REFERENCES institutions(id),
  dataset text NOT NULL,
  record_key text NOT NULL,
  visit_no text,
  patient_id text,
  payload jsonb NOT NULL,
  version int NOT NULL DEFAULT 1,
  received_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (institution_id, dataset, record_key)
);
CREATE INDEX dataset_records_visit ON dataset_records (institution_id, visit_no);
CREATE INDEX dataset_records_patient ON dataset_records (institution_id, patient_id);

CREATE TABLE dataset_rejections (
  id bigserial PRIMARY KEY,
  institution_id text NOT NULL REFERENCES institutions(id),
  dataset text NOT NULL,
  record_index int NOT NULL,
  record_key text,
  record jsonb,
  issues jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dataset_rejections_inst ON dataset_rejections (institution_id, received_at);
