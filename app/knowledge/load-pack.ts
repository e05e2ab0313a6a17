/**
 * A pack as received over the wire (manifest fields + files) → indexed knowledge base.
 * Shared by the workstation and the platform's tests so both assemble it the same way;
 * a pack that does not assemble is refused whole, never half-used.
 */
import type { ActivePack } from '../contracts/rule-pack';
import { assembleKnowledgeBase } from './assemble';
import { indexKnowledgeBase, type IndexedKb } from './indexed';

export interface LoadedPack {
  readonly id: string;
  readonly revision: number;
  readonly kb: IndexedKb;
}

export type LoadPackResult = { readonly ok: true; readonly pack: LoadedPack } | { readonly ok: false; readonly reason: 'schema-error'; readonly message: string };

export function loadReceivedPack(pack: ActivePack): LoadPackResult {
  const r = assembleKnowledgeBase(pack.files.map((f) => ({ path: f.path, json: f.json })));
  if (!r.ok) {
    const first = r.errors[0];
    return { ok: false, reason: 'schema-error', message: `规则包 ${pack.id} 第 ${pack.revision} 版无法加载（${r.errors.length} 处错误）：${first?.file ?? ''}${first?.path ? ` ${first.path}` : ''} ${first?.message ?? ''}` };
  }
  return { ok: true, pack: { id: pack.id, revision: pack.revision, kb: indexKnowledgeBase(r.kb) } };
}
