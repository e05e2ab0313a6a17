import { createHash } from 'node:crypto';

/** The 身份证号 is never stored: a salted sha256 is enough to link records of one person. */
export function idCardHash(idCard: string): string {
  return createHash('sha256').update(`yaodun-empi:${idCard.toUpperCase()}`).digest('hex');
}
