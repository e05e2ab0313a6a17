/**
 * The workstation's last good rule pack, in its own small IndexedDB database
 * (`yaodun-packs`, apart from the offline store): the signed artifact as received, so it is
 * verified again whenever it is read — what sits on disk is not trusted blindly.
 */
import Dexie, { type Table } from 'dexie';

export interface StoredPack {
  readonly key: 'last-good';
  readonly packId: string;
  readonly revision: number;
  /** The .ydpack JSON text. */
  readonly artifact: string;
  readonly savedAt: string;
}

type PackDb = Dexie & { packs: Table<StoredPack, string> };

let db: PackDb | null = null;
function open(): PackDb | null {
  if (typeof indexedDB === 'undefined') return null;
  if (db === null) {
    const d = new Dexie('yaodun-packs') as PackDb;
    d.version(1).stores({ packs: 'key' });
    db = d;
  }
  return db;
}

export async function readLastGood(): Promise<StoredPack | null> {
  try {
    return (await open()?.packs.get('last-good')) ?? null;
  } catch {
    return null; // storage unavailable (private mode): run from the network only
  }
}

export async function saveLastGood(p: Omit<StoredPack, 'key' | 'savedAt'>): Promise<void> {
  try {
    await open()?.packs.put({ ...p, key: 'last-good', savedAt: new Date().toISOString() });
  } catch {
    /* storage full or unavailable: the pack still runs from memory */
  }
}
