import { create } from 'zustand';
import type { Level } from '../../../app/domain/levels';
import type { TaskScope } from '../api/client';

/** UI state only: what is selected and how the queue is filtered. Remote data lives in react-query. */
export interface UiState {
  readonly selectedTaskId: string | null;
  readonly scope: TaskScope;
  /** Show tasks at this level or above; null = all. */
  readonly minLevel: Level | null;
  readonly keyword: string;
  selectTask(taskId: string | null): void;
  setScope(scope: TaskScope): void;
  setMinLevel(level: Level | null): void;
  setKeyword(keyword: string): void;
  reset(): void;
}

const initial = { selectedTaskId: null, scope: 'open', minLevel: null, keyword: '' } as const;

export const useUiStore = create<UiState>()((set) => ({
  ...initial,
  selectTask: (selectedTaskId) => set({ selectedTaskId }),
  setScope: (scope) => set({ scope }),
  setMinLevel: (minLevel) => set({ minLevel }),
  setKeyword: (keyword) => set({ keyword }),
  reset: () => set(initial),
}));
