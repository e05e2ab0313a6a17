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
  /** Queue filters (issue 5): 机构, 科室, 审核类型, 药品. null = all. */
  readonly filters: QueueFilters;
  selectTask(taskId: string | null): void;
  setScope(scope: TaskScope): void;
  setMinLevel(level: Level | null): void;
  setKeyword(keyword: string): void;
  setFilter<K extends keyof QueueFilters>(key: K, value: QueueFilters[K]): void;
  reset(): void;
}

export interface QueueFilters {
  readonly institution: string | null;
  readonly department: string | null;
  readonly checkType: string | null;
  readonly drug: string | null;
}

const NO_FILTERS: QueueFilters = { institution: null, department: null, checkType: null, drug: null };
const initial = { selectedTaskId: null, scope: 'open', minLevel: null, keyword: '', filters: NO_FILTERS } as const;

export const useUiStore = create<UiState>()((set) => ({
  ...initial,
  selectTask: (selectedTaskId) => set({ selectedTaskId }),
  setScope: (scope) => set({ scope }),
  setMinLevel: (minLevel) => set({ minLevel }),
  setKeyword: (keyword) => set({ keyword }),
  setFilter: (key, value) => set((s) => ({ filters: { ...s.filters, [key]: value } })),
  reset: () => set(initial),
}));
