/**
 * Electron main process: one window showing the workstation renderer, locked down
 * (security.ts), a single instance, yaodun:// deep links, the host contract over named IPC
 * channels, tokens kept with safeStorage, desktop notifications.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, Notification, safeStorage, session, shell } from 'electron';
import { HOST_CHANNELS, type StoredSession } from '../app/contracts/host';
import { contentSecurityPolicy, isAllowedNavigation, parseDeepLink, secureWebPreferences, shouldOpenExternally } from './security';
import { createSessionStore } from './session-store';

const here = path.dirname(fileURLToPath(import.meta.url));
const platformUrl = process.env.YAODUN_PLATFORM_URL ?? 'http://127.0.0.1:8080';
const platformOrigin = new URL(platformUrl).origin;
const rendererIndex = path.resolve(here, '../../renderer/dist/index.html');
const rendererFileUrl = pathToFileURL(rendererIndex).href;

let win: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1280,
    minHeight: 760,
    title: '药盾 · 县域审方中心',
    show: false,
    webPreferences: secureWebPreferences(path.join(here, 'preload.cjs')),
  });
  w.once('ready-to-show', () => w.show());
  w.webContents.on('will-navigate', (e, url) => {
    if (!isAllowedNavigation(url, { rendererFileUrl, platformOrigin })) e.preventDefault();
  });
  w.webContents.setWindowOpenHandler(({ url }) => {
    if (shouldOpenExternally(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void w.loadFile(rendererIndex);
  return w;
}

function handleDeepLink(argv: readonly string[]): void {
  const link = argv.map(parseDeepLink).find((x) => x !== null);
  if (link && win) void win.webContents.executeJavaScript(`location.hash = ${JSON.stringify(`#/prescription/${link.id}`)}`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setAsDefaultProtocolClient('yaodun');
  app.on('second-instance', (_e, argv) => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    handleDeepLink(argv);
  });
  void app.whenReady().then(() => {
    session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
      cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy(platformOrigin)] } });
    });
    session.defaultSession.setPermissionRequestHandler((_wc, permission, cb) => cb(permission === 'notifications'));
    const store = createSessionStore(app.getPath('userData'), safeStorage);
    ipcMain.handle(HOST_CHANNELS.info, () => ({ kind: 'electron', version: app.getVersion(), platform: process.platform }));
    ipcMain.handle(HOST_CHANNELS.platformBaseUrl, () => platformUrl);
    ipcMain.handle(HOST_CHANNELS.loadSession, () => store.load());
    ipcMain.handle(HOST_CHANNELS.saveSession, (_e, s: StoredSession | null) => store.save(s));
    ipcMain.handle(HOST_CHANNELS.notify, (_e, title: string, body: string) => {
      if (!Notification.isSupported()) return false;
      new Notification({ title: String(title).slice(0, 80), body: String(body).slice(0, 200) }).show();
      return true;
    });
    win = createWindow();
    handleDeepLink(process.argv);
  });
  app.on('window-all-closed', () => app.quit());
}
