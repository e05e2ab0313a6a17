import type { TaskScope } from './client';

export const queryKeys = {
  me: ['me'] as const,
  /** Prefix of every task list: live events invalidate all of them at once. */
  tasks: ['tasks'] as const,
  taskList: (scope: TaskScope) => ['tasks', scope] as const,
  task: (taskId: string) => ['task', taskId] as const,
  /** The active rule pack: invalidated by the live 'pack-activated' event and on reconnect. */
  activePack: ['rule-pack', 'active'] as const,
};
