import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { DecisionCommand, DecisionKind, TaskDetail } from '../../../../app/sync/api';
import { queryKeys } from '../../api/query-keys';
import { useApiClient } from '../../api/session';
import { describeCommandFailure, describeOutcome, type OutcomeView } from './outcome';

export interface DecisionInput {
  readonly decision: DecisionKind;
  readonly reason: string;
  readonly reasonCode?: string | undefined;
}

function sameCommand(a: DecisionCommand, b: Omit<DecisionCommand, 'commandId'>): boolean {
  return a.taskId === b.taskId && a.baseVersion === b.baseVersion && a.decision === b.decision && a.reason === b.reason && a.reasonCode === b.reasonCode;
}

/**
 * Sends a pharmacist decision as a command. A retry after a network failure reuses the same
 * commandId, so if the first attempt did reach the platform its stored outcome comes back
 * instead of a second decision.
 */
export function useDecision() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const unsent = useRef<DecisionCommand | null>(null);

  const mutation = useMutation({
    mutationFn: async (input: { detail: TaskDetail; decision: DecisionInput }): Promise<OutcomeView> => {
      const { detail, decision } = input;
      const body = {
        taskId: detail.task.id,
        baseVersion: detail.task.version,
        decision: decision.decision,
        reason: decision.reason.trim(),
        reasonCode: decision.reasonCode,
        packRevision: detail.packRevision,
      };
      const previous = unsent.current;
      const command: DecisionCommand = previous !== null && sameCommand(previous, body) ? previous : { ...body, commandId: crypto.randomUUID() };
      const result = await client.sendCommand(command);
      if (!result.ok) {
        unsent.current = result.failure.kind === 'network' ? command : null;
        return describeCommandFailure(command.commandId, result.failure, detail.task.prescriptionNo);
      }
      unsent.current = null;
      return describeOutcome(result.value, decision.decision, detail.task.prescriptionNo);
    },
    // Not awaited: the pharmacist moves on at once; the lists catch up in the background.
    onSettled: (_data, _error, input) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.tasks });
      void queryClient.invalidateQueries({ queryKey: queryKeys.task(input.detail.task.id) });
    },
  });

  return mutation;
}
