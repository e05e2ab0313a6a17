/** Platform configuration from the environment (interop.md §Starting the platform). */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL').optional(),
  YAODUN_DATA_DIR: z.string().optional(),
  YAODUN_BOOTSTRAP_HIS_KEY: z.string().min(8, 'YAODUN_BOOTSTRAP_HIS_KEY must be at least 8 characters').optional(),
  YAODUN_REVIEW_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(300),
  YAODUN_BREAKER_INTERVAL_MS: z.coerce.number().int().min(50).default(500),
  YAODUN_DEMO: z.enum(['0', '1']).default('0'),
  YAODUN_DEMO_PASSWORD: z.string().min(8).default('Yaodun@2026'),
  YAODUN_LOG: z.enum(['0', '1']).default('0'),
});

export type Config = z.infer<typeof envSchema> & { dataDir: string };

export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME ?? (process.platform === 'win32' ? process.env.APPDATA ?? os.homedir() : path.join(os.homedir(), '.local', 'share'));
  return path.join(base, 'yaodun', 'pglite');
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const r = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid configuration:\n${lines}`);
  }
  return { ...r.data, dataDir: r.data.YAODUN_DATA_DIR ?? defaultDataDir() };
}
