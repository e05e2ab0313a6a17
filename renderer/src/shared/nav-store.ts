import { create } from 'zustand';

/** The top-level view of the signed-in shell. */
export type MainView = 'workbench' | 'knowledge';

export const useNavStore = create<{ view: MainView; setView(view: MainView): void }>()((set) => ({
  view: 'workbench',
  setView: (view) => set({ view }),
}));
