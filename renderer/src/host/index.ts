import type { WorkstationHost } from '../../../app/contracts/host';
import { webHost } from './web-host';

/** Electron's preload exposes `window.yaodunHost`; a plain browser gets the web host. */
export function resolveHost(): WorkstationHost {
  return window.yaodunHost ?? webHost;
}

export { webHost };
