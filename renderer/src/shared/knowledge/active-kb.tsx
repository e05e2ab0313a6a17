/**
 * The active rule pack's indexed knowledge base for every feature (说明书 panel, knowledge
 * lookup). The shell fills it from the rule-pack feature's useActivePack(); features read it
 * here, so no feature imports another.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { IndexedKb } from '../../../../app/knowledge/indexed';

export type KbState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly revision: number; readonly kb: IndexedKb };

const KbContext = createContext<KbState>({ status: 'loading' });

export function KbProvider(props: { state: KbState; children: ReactNode }) {
  return <KbContext.Provider value={props.state}>{props.children}</KbContext.Provider>;
}

export function useKb(): KbState {
  return useContext(KbContext);
}
