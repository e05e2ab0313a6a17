/**
 * The preload bridge: exposes the WorkstationHost contract and nothing else. Named methods
 * over named channels; no generic invoke(channel) reaches the renderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { HOST_CHANNELS, type HostInfo, type StoredSession, type WorkstationHost } from '../../app/contracts/host';

const host = {
  info: () => ipcRenderer.invoke(HOST_CHANNELS.info) as Promise<HostInfo>,
  platformBaseUrl: () => ipcRenderer.invoke(HOST_CHANNELS.platformBaseUrl) as Promise<string>,
  loadSession: () => ipcRenderer.invoke(HOST_CHANNELS.loadSession) as Promise<StoredSession | null>,
  saveSession: (s: StoredSession | null) => ipcRenderer.invoke(HOST_CHANNELS.saveSession, s) as Promise<void>,
  notify: (title: string, body: string) => ipcRenderer.invoke(HOST_CHANNELS.notify, title, body) as Promise<boolean>,
} satisfies WorkstationHost;

contextBridge.exposeInMainWorld('yaodunHost', host);
