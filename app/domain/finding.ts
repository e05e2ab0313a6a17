import type { CheckType } from './check-types';
import type { Level } from './levels';

/** Where a fact comes from: every fact the engine uses carries one (architecture.md §Rule packs). */
export interface Source {
  readonly kind: 'label' | 'formulary' | 'guideline' | 'regulation' | 'reference';
  /** e.g. "辛伐他汀片说明书", "中国国家处方集（2010年版）", "处方管理办法（2007）" */
  readonly title: string;
  /** e.g. "【禁忌】", "第十八条" */
  readonly section?: string | undefined;
}

export interface Finding {
  readonly checkType: CheckType;
  readonly level: Level;
  /** Stable id of the rule or fact that fired, e.g. "interaction:simvastatin+strong-cyp3a4-inhibitors". */
  readonly ruleId: string;
  /** 处方点评 code this finding would count as (1-1 … 3-4). */
  readonly reviewCode: string;
  /** Order refs involved (draft orders first, then current medicines). */
  readonly orders: readonly string[];
  /** One line, Chinese, for lists and card summaries. */
  readonly summary: string;
  /** What was found, why it matters, what to do. */
  readonly what: string;
  readonly why: string;
  readonly action: string;
  readonly sources: readonly Source[];
  /** The patient / prescription facts the finding used, for "质检错误关联信息". */
  readonly facts: readonly string[];
}

export function formatSource(s: Source): string {
  return s.section ? `${s.title}${s.section}` : s.title;
}
