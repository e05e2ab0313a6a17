/**
 * ICD-10 matching for rules: a rule lists codes or prefixes ("N18.5", "K25") and ranges of
 * categories ("O00-O9A", "K25-K28"). National clinical edition codes are longer
 * ("K25.701"), so matching is by prefix after removing the dot.
 */
function norm(code: string): string {
  return code.trim().toUpperCase().replace(/[.\s]/g, '');
}

export function matchesIcd(code: string, patterns: readonly string[]): boolean {
  const c = norm(code);
  if (c.length < 3) return false;
  for (const p of patterns) {
    const dash = p.indexOf('-');
    if (dash > 0) {
      const lo = norm(p.slice(0, dash));
      const hi = norm(p.slice(dash + 1));
      const cat = c.slice(0, Math.max(lo.length, 3));
      if (cat >= lo && cat <= hi.padEnd(cat.length, 'Z')) return true;
    } else if (c.startsWith(norm(p))) {
      return true;
    }
  }
  return false;
}
