/**
 * EMPI for a patient record without a valid 身份证号: block candidates (same name, same
 * name pinyin, or same / transposed birth date), score each (score.ts), then link (one
 * candidate above the upper threshold), queue as a suspected duplicate (between the
 * thresholds, or several above it), or create a new person.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/db';
import { classify, LOWER, namePinyin, scoreMatch, transposedDates, type MatchFields } from './score';

interface Candidate { id: string; name: string | null; sex: string | null; birth_date: string | null; phones: string[] | null }

export async function createPerson(q: Queryable, p: { name: string | null; sex: string | null; birthDate: string | null; idCardHash?: string | null }): Promise<string> {
  const id = randomUUID();
  await q.query('INSERT INTO persons (id, id_card_hash, name, name_pinyin, sex, birth_date) VALUES ($1, $2, $3, $4, $5, $6)', [id, p.idCardHash ?? null, p.name, namePinyin(p.name), p.sex, p.birthDate]);
  return id;
}

export async function matchPerson(q: Queryable, rec: { name: string | null; sex: string | null; birthDate: string | null; phone: string | null }): Promise<{ personId: string; decision: 'link' | 'review' | 'new'; score: number | null }> {
  const py = namePinyin(rec.name);
  const dates = rec.birthDate ? [rec.birthDate, ...transposedDates(rec.birthDate)] : [];
  const candidates = rec.name || dates.length > 0 ? await q.query<Candidate>(
    `SELECT pe.id, pe.name, pe.sex, to_char(pe.birth_date, 'YYYY-MM-DD') AS birth_date, array_remove(array_agg(pa.phone), NULL) AS phones
       FROM persons pe LEFT JOIN patients pa ON pa.person_id = pe.id
      WHERE pe.merged_into IS NULL AND (pe.name = $1 OR pe.name_pinyin = $2 OR pe.birth_date = ANY($3::date[]))
      GROUP BY pe.id LIMIT 200`, [rec.name, py, dates]) : [];
  const me: MatchFields = { name: rec.name, sex: rec.sex, birthDate: rec.birthDate, phones: rec.phone ? [rec.phone] : [] };
  const scored = candidates.map((c) => ({ c, ...scoreMatch(me, { name: c.name, sex: c.sex, birthDate: c.birth_date, phones: c.phones ?? [] }) })).sort((a, b) => b.score - a.score);
  const best = scored[0];
  // Link only when exactly one person clears the upper threshold: two equally good
  // candidates are themselves probably one person, and choosing between them is a steward's call.
  const linkable = scored.filter((s) => classify(s.score) === 'link');
  if (best && linkable.length === 1) return { personId: best.c.id, decision: 'link', score: best.score };
  const personId = await createPerson(q, rec);
  const suspects = scored.filter((s) => s.score >= LOWER).slice(0, 3);
  for (const s of suspects) {
    await q.query('INSERT INTO empi_candidates (id, person_id, candidate_id, score, breakdown) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [randomUUID(), personId, s.c.id, s.score, JSON.stringify(s.breakdown)]);
  }
  return { personId, decision: suspects.length > 0 ? 'review' : 'new', score: best?.score ?? null };
}
