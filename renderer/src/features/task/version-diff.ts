/**
 * What changed between two versions of a prescription when the doctor resubmitted: items
 * added, removed, and changed (dose, frequency, route, days, quantity). Items are matched by
 * drug name (the HIS may renumber items on resubmission), duplicates in order.
 */
import type { PrescriptionItem } from '../../../../app/sync/api';

export const DIFF_FIELDS = ['dose', 'frequency', 'route', 'days', 'quantity', 'group'] as const;
export type DiffField = (typeof DIFF_FIELDS)[number];
export const DIFF_FIELD_ZH: Readonly<Record<DiffField, string>> = { dose: '单次剂量', frequency: '频次', route: '途径', days: '天数', quantity: '总量', group: '组号' };

export type ItemChange =
  | { readonly kind: 'added'; readonly item: PrescriptionItem }
  | { readonly kind: 'removed'; readonly item: PrescriptionItem }
  | { readonly kind: 'changed'; readonly before: PrescriptionItem; readonly after: PrescriptionItem; readonly fields: ReadonlyArray<{ field: DiffField; from: string | null; to: string | null }> }
  | { readonly kind: 'unchanged'; readonly item: PrescriptionItem };

const norm = (v: string | number | null): string | null => (v === null ? null : String(v).replace(/\s+/g, ''));

export function diffItems(before: readonly PrescriptionItem[], after: readonly PrescriptionItem[]): ItemChange[] {
  const pool = new Map<string, PrescriptionItem[]>();
  for (const it of before) pool.set(it.name, [...(pool.get(it.name) ?? []), it]);
  const out: ItemChange[] = [];
  for (const it of after) {
    const match = pool.get(it.name)?.shift();
    if (!match) {
      out.push({ kind: 'added', item: it });
      continue;
    }
    const fields = DIFF_FIELDS.filter((f) => norm(match[f]) !== norm(it[f])).map((f) => ({ field: f, from: match[f] === null ? null : String(match[f]), to: it[f] === null ? null : String(it[f]) }));
    out.push(fields.length > 0 ? { kind: 'changed', before: match, after: it, fields } : { kind: 'unchanged', item: it });
  }
  for (const rest of pool.values()) for (const it of rest) out.push({ kind: 'removed', item: it });
  return out;
}

export function hasChanges(changes: readonly ItemChange[]): boolean {
  return changes.some((c) => c.kind !== 'unchanged');
}
