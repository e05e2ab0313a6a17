/**
 * ICD-10 matching for rules: a rule lists codes or prefixes ("N18.5", "K25") and ranges of
 * categories ("O00-O9A", "K25-K28"). National clinical edition codes are longer
 * ("K25.701"), so matching is by prefix after removing the dot.
 */
function norm(code: string): string {
  return code.trim().toUpperCase().replace(/[.\s]/g, '');
}

type Compiled = { readonly kind: 'prefix'; readonly p: string } | { readonly kind: 'range'; readonly lo: string; readonly hi: string };

// Patterns come from the knowledge base and are few: compile each once (hot path of every check).
const compiled = new Map<string, Compiled>();

function compile(p: string): Compiled {
  let c = compiled.get(p);
  if (!c) {
    const dash = p.indexOf('-');
    c = dash > 0 ? { kind: 'range', lo: norm(p.slice(0, dash)), hi: norm(p.slice(dash + 1)) } : { kind: 'prefix', p: norm(p) };
    compiled.set(p, c);
  }
  return c;
}

export function matchesIcd(code: string, patterns: readonly string[]): boolean {
  const c = norm(code);
  if (c.length < 3) return false;
  for (const raw of patterns) {
    const p = compile(raw);
    if (p.kind === 'range') {
      const cat = c.slice(0, Math.max(p.lo.length, 3));
      if (cat >= p.lo && cat <= p.hi.padEnd(cat.length, 'Z')) return true;
    } else if (c.startsWith(p.p)) {
      return true;
    }
  }
  return false;
}

/** A diagnosis matches by its ICD-10 code, or by a Chinese keyword in its text when the HIS sent no matching code. */
export function matchesDiagnosis(d: { readonly code?: string | undefined; readonly text?: string | undefined }, icd: readonly string[], keywords: readonly string[]): boolean {
  return (d.code !== undefined && matchesIcd(d.code, icd)) || (d.text !== undefined && keywords.some((k) => d.text!.includes(k)));
}
