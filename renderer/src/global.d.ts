import type { WorkstationHost } from '../../app/contracts/host';

declare global {
  interface Window {
    /** Exposed by the Electron preload (contextBridge); absent in a plain browser. */
    readonly yaodunHost?: WorkstationHost;
  }
}

export {};
