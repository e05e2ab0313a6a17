/** 审方方案 administration contract (seed 002 §3.6.2.2 (2)(3), issue 6): the plan's scope, hours, breaker timeout, actions per level and second review. */
import { z } from 'zod';
import { LEVELS } from '../domain/levels';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '时间格式为 HH:MM' });
const levelEnum = z.enum(LEVELS);

export const reviewPlanInputSchema = z.object({
  name: z.string().trim().min(2, { message: '方案名称至少 2 个字' }).max(64),
  timeoutSeconds: z.number().int().min(10, { message: '熔断时间至少 10 秒' }).max(3600, { message: '熔断时间最多 3600 秒' }),
  actions: z.object({
    info: z.enum(['pass', 'warn']),
    caution: z.enum(['pass', 'warn', 'review', 'block']),
    'not-recommended': z.enum(['pass', 'warn', 'review', 'block']),
    contraindicated: z.enum(['pass', 'warn', 'review', 'block']),
  }).strict(),
  institutionIds: z.array(z.string().min(1)).default([]),
  departments: z.array(z.string().trim().min(1)).default([]),
  pharmacistIds: z.array(z.string().min(1)).default([]),
  workingHours: z.object({ days: z.array(z.number().int().min(1).max(7)).min(1, { message: '至少选择一天' }), start: hhmm, end: hhmm }).strict()
    .refine((w) => w.start < w.end, { message: '下班时间必须晚于上班时间', path: ['end'] }).nullable().default(null),
  secondReview: z.object({ levels: z.array(levelEnum).default([]), drugClasses: z.array(z.string().min(1)).default([]) }).strict().default({ levels: [], drugClasses: [] }),
}).strict();
export type ReviewPlanInput = z.input<typeof reviewPlanInputSchema>;

export const reviewPlanSchema = reviewPlanInputSchema.extend({ id: z.string(), isDefault: z.boolean() });
export type ReviewPlanOut = z.infer<typeof reviewPlanSchema>;

export const reviewPlanListSchema = z.object({
  plans: z.array(reviewPlanSchema),
  directory: z.object({
    institutions: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
    pharmacists: z.array(z.object({ id: z.string(), displayName: z.string() })),
  }),
});
export type ReviewPlanList = z.infer<typeof reviewPlanListSchema>;
