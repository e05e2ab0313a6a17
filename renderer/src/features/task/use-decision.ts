import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DecisionCommand, DecisionKind, TaskDetail } from '../../../../app/sync/api';
import { describeFailure } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { useSync } from '../../offline/sync-provider';
import { DECISION_ZH, describeCommandFailure, describeOutcome, type OutcomeView } from './outcome';

export interface DecisionInput {
  readonly decision: DecisionKind;
  readonly reason: string;
  readonly reasonCode?: string | undefined;
}

/**
 * Sends a pharmacist decision as a command through the outbox (architecture.md §Sync). Online
 * it is applied at once and its outcome shown here; with the platform unreachable it stays in
 * the outbox, shown as 待同步, and drains in order on reconnect with the same commandId, so a
 * push whose answer was lost is applied once. Whatever it loses then goes to the conflicts inbox.
 */
export function useDecision() {
  const sync = useSync();
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: async (input: { detail: TaskDetail; decision: DecisionInput }): Promise<OutcomeView> => {
      const { detail, decision } = input;
      const command: DecisionCommand = {
        commandId: crypto.randomUUID(),
        taskId: detail.task.id,
        baseVersion: detail.task.version,
        decision: decision.decision,
        reason: decision.reason.trim(),
        reasonCode: decision.reasonCode,
        packRevision: detail.packRevision,
      };
      const rx = detail.task.prescriptionNo;
      const report = await sync.decide(command, { prescriptionNo: rx, patientName: detail.task.patientName });
      const outcome = report.outcomes.get(command.commandId);
      if (outcome !== undefined) return describeOutcome(outcome, decision.decision, rx);
      const refused = report.conflicts.find((c) => c.commandId === command.commandId);
      if (refused !== undefined && refused.outcome.outcome === 'refused') {
        return describeCommandFailure(command.commandId, { kind: 'http', status: refused.outcome.status, error: refused.outcome.error, message: refused.outcome.detail, issues: undefined }, rx);
      }
      const why = report.failure !== null ? describeFailure(report.failure) : '前面还有未同步的决定';
      return {
        id: command.commandId,
        outcome: 'queued',
        type: 'info',
        title: `处方 ${rx} 的${DECISION_ZH[decision.decision]}已保存在本机，待同步`,
        description: `${why}；恢复连接后将按顺序自动提交，结果有冲突时会出现在“冲突”中。`,
        stay: false,
      };
    },
    // Not awaited: the pharmacist moves on at once; the lists catch up in the background.
    onSettled: (_data, _error, input) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.tasks });
      void queryClient.invalidateQueries({ queryKey: queryKeys.task(input.detail.task.id) });
    },
  });
}
