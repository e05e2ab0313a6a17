/**
 * The node's active rule pack: one immutable snapshot (indexed knowledge base with the
 * custom-rule overlay, the pack for workstations) swapped in a single assignment, so every
 * request sees one revision whole. Each node reloads from the database when the live bus
 * announces a publication or a custom-rule change (architecture.md §Rule packs: activation
 * is atomic and the last good pack is kept — a stored pack that no longer verifies is
 * refused and the node keeps running the previous one).
 */
import type { ActivePack } from '../../../../app/contracts/rule-pack';
import { indexKnowledgeBase, withRules, type IndexedKb } from '../../../../app/knowledge/indexed';
import { ruleSchema, type Rule } from '../../../../app/knowledge/rules';
import { verifyArtifact, webCrypto, type TrustedKey } from '../../../../app/packs/artifact';
import { readTrustedKeys } from '../../../../rules-packs/tools/signing';
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../../db/db';
import { appendAudit } from '../audit/audit';

export interface PackSnapshot {
  /** Row id in rule_packs, or null for the built-in baseline. */
  readonly rowId: string | null;
  readonly base: IndexedKb;
  readonly pack: ActivePack;
  readonly customRules: readonly Rule[];
  /** base + custom rules: what the engine runs. */
  readonly kb: IndexedKb;
}

export interface RulePackState {
  readonly snapshot: () => PackSnapshot;
  readonly trustedKeys: readonly TrustedKey[];
  /** Re-reads the active pack and custom rules; keeps the current snapshot when either fails. */
  readonly reload: (q: Queryable) => Promise<{ ok: true } | { ok: false; message: string }>;
}

function snapshotOf(rowId: string | null, base: IndexedKb, pack: ActivePack, customRules: readonly Rule[]): PackSnapshot {
  return { rowId, base, pack, customRules, kb: withRules(base, customRules) };
}

export async function readCustomRules(q: Queryable): Promise<Rule[]> {
  const rows = await q.query<{ id: string; rule: unknown }>('SELECT id, rule FROM custom_rules ORDER BY id');
  // Rules were validated on write; one that no longer parses (a schema change) is skipped, not half-applied.
  return rows.flatMap((r) => {
    const p = ruleSchema.safeParse(r.rule);
    return p.success ? [p.data] : [];
  });
}

export function createRulePackState(baseline: { readonly kb: IndexedKb; readonly pack: ActivePack }, trustedKeys: readonly TrustedKey[] = readTrustedKeys()): RulePackState {
  let current = snapshotOf(null, baseline.kb, baseline.pack, []);
  return {
    snapshot: () => current,
    trustedKeys,
    async reload(q) {
      const [row] = await q.query<{ id: string; artifact: string }>("SELECT id, artifact FROM rule_packs WHERE status = 'active'");
      const customRules = await readCustomRules(q);
      if (!row) {
        current = snapshotOf(null, baseline.kb, baseline.pack, customRules);
        return { ok: true };
      }
      if (row.id === current.rowId) {
        current = snapshotOf(current.rowId, current.base, current.pack, customRules);
        return { ok: true };
      }
      const r = await verifyArtifact(JSON.parse(row.artifact) as unknown, webCrypto(), { trustedKeys });
      if (!r.ok) {
        current = snapshotOf(current.rowId, current.base, current.pack, customRules);
        return { ok: false, message: r.message };
      }
      current = snapshotOf(row.id, indexKnowledgeBase(r.value.kb), r.value.pack, customRules);
      return { ok: true };
    },
  };
}

/** A node that refused the stored active pack records it for the admin (and keeps the last good pack). */
export async function recordNodeRefusal(db: Db, message: string): Promise<void> {
  await db.tx(async (q) => {
    await q.query("INSERT INTO rule_pack_failures (id, file_name, reason, message) VALUES ($1, '平台节点', 'node-refused', $2)", [randomUUID(), message]);
    await appendAudit(q, { actorType: 'system', actorName: '平台节点', action: 'rule-pack-refused-by-node', targetType: 'rule-pack', detail: { message } });
  });
}
