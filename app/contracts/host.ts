/**
 * The one typed contract between the renderer and its host. The web host (browser, served
 * by the platform) and the Electron preload bridge both implement it (`satisfies`); the
 * renderer never sees electron, node or a generic invoke(channel).
 */
export interface StoredSession {
  readonly token: string;
  readonly expiresAt: string;
  readonly userId: string;
}

export interface HostInfo {
  readonly kind: 'web' | 'electron';
  readonly version: string;
  readonly platform: string;
}

export interface WorkstationHost {
  info(): Promise<HostInfo>;
  /** Base URL of the platform API ('' = same origin). */
  platformBaseUrl(): Promise<string>;
  loadSession(): Promise<StoredSession | null>;
  saveSession(session: StoredSession | null): Promise<void>;
  /** Desktop notification (new urgent task). Resolves false when not permitted. */
  notify(title: string, body: string): Promise<boolean>;
}

/** Names of the Electron IPC channels behind the host methods (main ⇄ preload only). */
export const HOST_CHANNELS = {
  info: 'yaodun:host:info',
  platformBaseUrl: 'yaodun:host:platform-base-url',
  loadSession: 'yaodun:host:load-session',
  saveSession: 'yaodun:host:save-session',
  notify: 'yaodun:host:notify',
} as const satisfies Record<keyof WorkstationHost, string>;
