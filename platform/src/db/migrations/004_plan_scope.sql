-- 004: data permissions by review plan (product.md §7): a plan covers institutions and names
-- its pharmacists. A plan without institution rows covers the whole county; one without
-- pharmacist rows applies to every pharmacist.
CREATE TABLE review_plan_institutions (
  plan_id text NOT NULL REFERENCES review_plans(id),
  institution_id text NOT NULL REFERENCES institutions(id),
  PRIMARY KEY (plan_id, institution_id)
);
CREATE TABLE review_plan_pharmacists (
  plan_id text NOT NULL REFERENCES review_plans(id),
  user_id text NOT NULL REFERENCES users(id),
  PRIMARY KEY (plan_id, user_id)
);
