import { REVIEW_STATUS_ZH } from '../../../../app/domain/decide';
import type { DecisionKind } from '../../../../app/sync/api';
import type { ConflictRow } from '../../offline/db';

export const DECISION_ZH: Readonly<Record<DecisionKind, string>> = {
  approve: '通过',
  reject: '驳回',
  'reject-allow-double-sign': '驳回（可双签）',
};

export type ConflictCause = 'other-pharmacist' | 'auto-pass' | 'doctor-changed' | 'leased' | 'refused';

export interface ConflictView {
  readonly cause: ConflictCause;
  readonly causeZh: string;
  /** What the platform has now, in words. */
  readonly server: string;
  /** What the pharmacist should do about it. */
  readonly advice: string;
}

/** Each conflict says what happened on the platform and what to do (never a bare "sync failed"). */
export function describeConflict(row: ConflictRow): ConflictView {
  const o = row.outcome;
  const detail = 'detail' in o && o.detail ? o.detail : '';
  if (o.outcome === 'refused') {
    return { cause: 'refused', causeZh: '平台拒绝', server: `平台拒绝了该决定（${o.status}）：${detail}`, advice: '请核对后在任务中重新审核' };
  }
  if (o.outcome === 'rejected') {
    return { cause: 'refused', causeZh: '平台拒绝', server: detail || '平台拒绝了该决定', advice: '请联系信息科或在任务中重新审核' };
  }
  const status = REVIEW_STATUS_ZH[o.status];
  switch (o.reason) {
    case 'rejected-after-auto-pass':
      return { cause: 'auto-pass', causeZh: '超时自动通过', server: `处方已被熔断自动通过（${status}）${detail ? `：${detail}` : ''}`, advice: '您的驳回已转为事后干预，医生将在收件箱看到您的理由' };
    case 'already-decided-same':
      return o.status === 'auto-passed'
        ? { cause: 'auto-pass', causeZh: '超时自动通过', server: `处方已被熔断自动通过${detail ? `：${detail}` : ''}`, advice: '结果与您的通过一致，确认即可' }
        : { cause: 'other-pharmacist', causeZh: '其他药师已审核', server: `已有相同结果：${status}${detail ? `（${detail}）` : ''}`, advice: '结果一致，确认即可' };
    case 'already-decided-different':
      return { cause: 'other-pharmacist', causeZh: '其他药师已审核', server: `平台结果：${status}${detail ? `；${detail}` : ''}`, advice: '结果与您不同，如有异议请与该药师沟通' };
    case 'stale-base':
      return { cause: 'doctor-changed', causeZh: '医生已修改处方', server: `医生已提交新版本${detail ? `：${detail}` : ''}`, advice: '请在待审列表中审核新版本' };
    case 'same-pharmacist':
      return { cause: 'refused', causeZh: '需其他药师复核', server: `该处方需两位药师审核，初审已由您完成（${status}）`, advice: '请由另一位药师复核，本条确认即可' };
    case 'leased-by-other':
      return { cause: 'leased', causeZh: '其他药师审核中', server: detail || '其他药师正在审核该处方', advice: '请稍后在任务中查看结果' };
  }
}
