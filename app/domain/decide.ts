/**
 * The review state machine of one prescription version (product.md W1/W2). The platform
 * applies pharmacist commands, doctor actions and the circuit breaker through this one
 * function, inside a transaction, so every path obeys the same transitions.
 *
 * Codes follow the seeds: Y 通过, N 驳回, D 驳回可双签, DS 医生双签, DN 医生取消.
 */
export const REVIEW_STATUSES = [
  'passed', // engine found nothing the plan holds for review (pass / warn)
  'blocked', // plan blocks this level: the doctor must change or cancel
  'pending', // in a pharmacist's queue
  'pending-second', // first pharmacist approved; a second, different pharmacist must confirm (多级审核)
  'approved', // Y
  'rejected', // N
  'rejected-double-sign', // D
  'double-signed', // DS
  'cancelled', // DN
  'auto-passed', // circuit breaker (熔断)
  'modified', // superseded by a newer version of the same prescription
  'dispensed',
] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REVIEW_STATUS_ZH: Readonly<Record<ReviewStatus, string>> = {
  passed: '系统通过',
  blocked: '系统拦截',
  pending: '待审',
  'pending-second': '待复核',
  approved: '审核通过',
  rejected: '驳回',
  'rejected-double-sign': '驳回（可双签）',
  'double-signed': '医生双签',
  cancelled: '医生取消',
  'auto-passed': '超时自动通过',
  modified: '已修改',
  dispensed: '已发药',
};

export interface ReviewState {
  readonly status: ReviewStatus;
  readonly version: number;
  /** Who gave the first approval of a task that needs a second pharmacist. */
  readonly firstReviewer?: string | null | undefined;
}

export type PharmacistDecision = 'approve' | 'reject' | 'reject-allow-double-sign';

export type ReviewEvent =
  | {
    readonly type: 'pharmacist'; readonly decision: PharmacistDecision; readonly baseVersion: number;
    /** The pharmacist deciding (required for tasks that need a second pharmacist). */
    readonly actor?: string | undefined;
    /** The plan requires two different pharmacists to approve (seed 002 §3.6.3.1 多级审核). */
    readonly secondReview?: boolean | undefined;
  }
  | { readonly type: 'double-sign' }
  | { readonly type: 'cancel' }
  | { readonly type: 'modify' }
  | { readonly type: 'timeout' }
  | { readonly type: 'dispense' };

export type ConflictReason = 'stale-base' | 'already-decided-same' | 'already-decided-different' | 'rejected-after-auto-pass' | 'same-pharmacist';

export type DecideResult =
  | { readonly ok: true; readonly state: ReviewState }
  | { readonly ok: false; readonly kind: 'conflict'; readonly reason: ConflictReason; readonly state: ReviewState }
  | { readonly ok: false; readonly kind: 'invalid'; readonly reason: 'not-allowed-in-status'; readonly state: ReviewState };

const DECISION_STATUS: Readonly<Record<PharmacistDecision, ReviewStatus>> = {
  approve: 'approved',
  reject: 'rejected',
  'reject-allow-double-sign': 'rejected-double-sign',
};

/** Statuses the prescription can still be changed or cancelled from. */
const OPEN_FOR_DOCTOR: ReadonlySet<ReviewStatus> = new Set([
  'passed', 'blocked', 'pending', 'pending-second', 'approved', 'rejected', 'rejected-double-sign', 'double-signed', 'auto-passed',
]);

/** Statuses in which the prescription may be dispensed. */
const DISPENSABLE: ReadonlySet<ReviewStatus> = new Set(['passed', 'approved', 'double-signed', 'auto-passed']);

export function isFinal(status: ReviewStatus): boolean {
  return status === 'cancelled' || status === 'modified' || status === 'dispensed';
}

/** Whether the HIS may go on with (charge / dispense) a prescription in this status. */
export function mayProceed(status: ReviewStatus): boolean {
  return DISPENSABLE.has(status) || status === 'dispensed';
}

/** Whether the HIS is still waiting on a pharmacist. */
export function isAwaitingPharmacist(status: ReviewStatus): boolean {
  return status === 'pending' || status === 'pending-second';
}

function to(state: ReviewState, status: ReviewStatus): DecideResult {
  return { ok: true, state: { status, version: state.version, ...(state.firstReviewer !== undefined ? { firstReviewer: state.firstReviewer } : {}) } };
}

function invalid(state: ReviewState): DecideResult {
  return { ok: false, kind: 'invalid', reason: 'not-allowed-in-status', state };
}

function pharmacistConflict(state: ReviewState, decision: PharmacistDecision): DecideResult {
  const target = DECISION_STATUS[decision];
  let reason: ConflictReason;
  if (state.status === target) reason = 'already-decided-same';
  else if (state.status === 'auto-passed') reason = decision === 'approve' ? 'already-decided-same' : 'rejected-after-auto-pass';
  else if (state.status === 'modified') reason = 'stale-base';
  else reason = 'already-decided-different';
  return { ok: false, kind: 'conflict', reason, state };
}

export function decide(state: ReviewState, event: ReviewEvent): DecideResult {
  switch (event.type) {
    case 'pharmacist':
      // A decision made on an older version never applies to the new one: the doctor changed it.
      if (event.baseVersion !== state.version) return { ok: false, kind: 'conflict', reason: 'stale-base', state };
      if (state.status === 'pending-second') {
        // The second review must be another pharmacist: one person cannot approve twice.
        if (event.actor === undefined || event.actor === state.firstReviewer) return { ok: false, kind: 'conflict', reason: 'same-pharmacist', state };
        return to(state, DECISION_STATUS[event.decision]);
      }
      if (state.status !== 'pending') return pharmacistConflict(state, event.decision);
      if (event.decision === 'approve' && event.secondReview === true) {
        if (event.actor === undefined) return invalid(state);
        return { ok: true, state: { status: 'pending-second', version: state.version, firstReviewer: event.actor } };
      }
      return to(state, DECISION_STATUS[event.decision]);
    case 'double-sign':
      // 双签 is only allowed after the pharmacist chose D (驳回可双签).
      return state.status === 'rejected-double-sign' ? to(state, 'double-signed') : invalid(state);
    case 'cancel':
      return OPEN_FOR_DOCTOR.has(state.status) ? to(state, 'cancelled') : invalid(state);
    case 'modify':
      return OPEN_FOR_DOCTOR.has(state.status) ? to(state, 'modified') : invalid(state);
    case 'timeout':
      // 熔断: only a prescription still waiting on a pharmacist is auto-passed.
      return isAwaitingPharmacist(state.status) ? to(state, 'auto-passed') : invalid(state);
    case 'dispense':
      return DISPENSABLE.has(state.status) ? to(state, 'dispensed') : invalid(state);
  }
}
