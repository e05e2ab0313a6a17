/**
 * 居民身份证号 (GB 11643-1999): 17 digits and a check character (ISO 7064 MOD 11-2).
 * A number failing the checksum is refused: it would merge two people in the EMPI.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function isValidIdCard(id: string): boolean {
  if (!/^\d{17}[\dX]$/i.test(id)) return false;
  const birth = id.slice(6, 14);
  const y = Number(birth.slice(0, 4));
  const m = Number(birth.slice(4, 6));
  const d = Number(birth.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11] === id[17]!.toUpperCase();
}

/** Birth date and sex encoded in the number (for EMPI consistency checks). */
export function idCardFacts(id: string): { birthDate: string; sex: 'male' | 'female' } | null {
  if (!isValidIdCard(id)) return null;
  return { birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}
