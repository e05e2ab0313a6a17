import { z } from 'zod';

/** zod → OpenAPI 3.0 schema for documentation only (validation stays with zod). */
export function doc(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
