import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activePackSchema } from '../../../../app/contracts/rule-pack';
import { resolveDrug } from '../../../../app/knowledge/indexed';
import { loadReceivedPack } from '../../../../app/knowledge/load-pack';
import { startTestPlatform, type TestPlatform } from '../../test-support';

let p: TestPlatform;
beforeAll(async () => { p = await startTestPlatform(); });
afterAll(async () => p?.close());

describe('active rule pack for workstations', () => {
  it('serves the revision the platform engine runs, and the workstation assembles the same knowledge base', async () => {
    const token = await p.login('yaoshi');
    const r = await p.api('/api/rule-pack/active', token);
    expect(r.status).toBe(200);
    const pack = activePackSchema.parse(r.body);
    expect(pack.id).toBe('baseline');
    expect(pack.files.some((f) => f.path === 'manifest.json')).toBe(true);
    // No test cases travel with the pack: only knowledge.
    expect(pack.files.some((f) => f.path.startsWith('cases/'))).toBe(false);
    const r2 = loadReceivedPack(pack);
    if (!r2.ok) throw new Error(r2.message);
    const loaded = r2.pack;
    expect(loaded.kb.drugs.size).toBe(p.deps.kb().drugs.size);
    expect(loaded.kb.interactionCount).toBe(p.deps.kb().interactionCount);
    expect(resolveDrug(loaded.kb, { generic: '阿莫西林' })?.id).toBe(resolveDrug(p.deps.kb(), { generic: '阿莫西林' })?.id);
  });

  it('refuses a pack whose files do not assemble, naming the file', () => {
    const r = loadReceivedPack({ id: 'x', revision: 2, engineApi: 1, files: [{ path: 'drugs/bad.json', json: { drugs: [{ id: 1 }] } }] });
    expect(r).toMatchObject({ ok: false, reason: 'schema-error' });
    expect(!r.ok && r.message).toMatch(/无法加载.*drugs\/bad\.json/);
  });
});
