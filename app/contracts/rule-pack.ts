/**
 * The active rule pack as the platform hands it to workstations: the manifest fields and
 * the pack's source files (the same files the platform's engine assembled), so a
 * workstation runs the same revision byte for byte (architecture.md §One engine, two hosts).
 */
import { z } from 'zod';

export const packFileSchema = z.object({ path: z.string().min(1), json: z.unknown() });
export type PackFileOut = z.infer<typeof packFileSchema>;

export const activePackSchema = z.object({
  id: z.string().min(1),
  revision: z.number().int().positive(),
  engineApi: z.number().int().positive(),
  files: z.array(packFileSchema),
});
export type ActivePack = z.infer<typeof activePackSchema>;
