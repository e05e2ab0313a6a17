/** Where a fact comes from (说明书 section, guideline, regulation article); shared by facts and rules. */
import { z } from 'zod';

export const sourceSchema = z.object({
  kind: z.enum(['label', 'formulary', 'guideline', 'regulation', 'reference']),
  title: z.string().min(2),
  section: z.string().min(1).optional(),
}).strict();
