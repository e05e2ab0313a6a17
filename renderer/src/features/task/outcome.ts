import { REVIEW_STATUS_ZH } from '../../../../app/domain/decide';
import type { CommandOutcome, DecisionKind } from '../../../../app/sync/api';
import { describeFailure, type ApiFailure } from '../../api/client';

export const DECISION_ZH: Readonly<Record<DecisionKind, string>> = {
  approve: '通过',
  reject: '驳回',
  'reject-allow-double-sign': '驳回（可双签）',
};

export interface OutcomeView {
  readonly id: string;
  readonly outcome: 'accepted' | 'conflict' | 'rejected' | 'queued';
  readonly type: 'success' | 'warning' | 'error' | 'info';
  readonly title: string;
  readonly description: string | null;
  /** Whether the pharmacist should stay on the task (e.g. to review the doctor's new version). */
  readonly stay: boolean;
}

type Conflict = Extract<CommandOutcome, { outcome: 'conflict' }>;

function describeConflict(result: Conflict, decision: DecisionKind, rx: string): OutcomeView {
  const base = { id: result.commandId, outcome: 'conflict', type: 'warning' } as const;
  const description = result.detail || null;
  const status = REVIEW_STATUS_ZH[result.status];
  switch (result.reason) {
    case 'stale-base':
      return { ...base, title: `医生已修改处方，${rx} 的${DECISION_ZH[decision]}未生效，请审核新版本`, description, stay: true };
    case 'rejected-after-auto-pass':
      return { ...base, title: `处方已超时自动通过，${rx} 的驳回未送达医生，需事后干预`, description, stay: false };
    case 'already-decided-same':
      return {
        ...base,
        title: result.status === 'auto-passed' ? `处方已超时自动通过（${rx}）` : `${rx} 已被其他药师审核，结果相同（${status}）`,
        description,
        stay: false,
      };
    case 'already-decided-different':
      return { ...base, title: `${rx} 已被其他药师审核（${status}），本次${DECISION_ZH[decision]}未生效`, description, stay: false };
    case 'leased-by-other':
      return { ...base, title: `${rx} 正由其他药师审核，本次${DECISION_ZH[decision]}未生效`, description, stay: true };
    case 'same-pharmacist':
      return { ...base, title: `${rx} 需要另一位药师复核，本次${DECISION_ZH[decision]}未生效`, description, stay: false };
  }
}

/**
 * Every outcome is said out loud: a decision that lost to another pharmacist, to the doctor
 * or to the circuit breaker must never look like it went through (architecture.md §Sync).
 */
export function describeOutcome(result: CommandOutcome, decision: DecisionKind, prescriptionNo: string): OutcomeView {
  const rx = `处方 ${prescriptionNo}`;
  const base = { id: result.commandId };
  switch (result.outcome) {
    case 'accepted':
      if (result.status === 'pending-second') return { ...base, outcome: 'accepted', type: 'success', title: `${rx} 初审通过，待另一位药师复核`, description: null, stay: false };
      return { ...base, outcome: 'accepted', type: 'success', title: `${rx} 已${DECISION_ZH[decision]}`, description: null, stay: false };
    case 'conflict':
      return describeConflict(result, decision, rx);
    case 'rejected': {
      const why = { 'not-authorized': '无权审核该处方', 'unknown-task': '审方任务不存在', invalid: '提交内容无效' }[result.reason];
      return { ...base, outcome: 'rejected', type: 'error', title: `${rx} 提交被拒绝：${why}`, description: result.detail || null, stay: true };
    }
  }
}

export function describeCommandFailure(commandId: string, failure: ApiFailure, prescriptionNo: string): OutcomeView {
  return { id: commandId, outcome: 'rejected', type: 'error', title: `处方 ${prescriptionNo} 提交失败：${describeFailure(failure)}`, description: null, stay: true };
}
