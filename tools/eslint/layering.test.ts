import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function lint(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (r?.messages ?? []).filter((m) => m.ruleId === 'yaodun/layering').map((m) => m.message);
}

describe('yaodun/layering', () => {
  it('keeps app/ pure, saying what is allowed', async () => {
    const m = await lint('app/engine/x.ts', "import fs from 'node:fs';\nimport { buildServer } from '../../platform/src/server';\nexport const a = [fs, buildServer];\n");
    expect(m).toHaveLength(2);
    expect(m[0]).toContain('may import only app/** and zod');
  });
  it('keeps electron and node out of the renderer', async () => {
    const m = await lint('renderer/src/shell/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n");
    expect(m[0]).toContain('renderer/ may import app/** and browser libraries only');
  });
  it('forbids one renderer feature importing another', async () => {
    const m = await lint('renderer/src/features/queue/x.ts', "import { a } from '../task/y';\nexport const b = a;\n");
    expect(m[0]).toContain('Feature "queue" must not import feature "task"');
  });
  it('keeps renderer and platform out of main, and main/preload minimal', async () => {
    expect(await lint('main/x.ts', "import { a } from '../renderer/src/y';\nexport const b = a;\n")).toHaveLength(1);
    expect(await lint('main/preload/x.ts', "import fs from 'node:fs';\nexport const b = fs;\n")).toHaveLength(1);
  });
  it('allows what the table allows', async () => {
    expect(await lint('platform/src/x.ts', "import { review } from '../../app/engine/review';\nimport fs from 'node:fs';\nexport const a = [review, fs];\n")).toEqual([]);
    expect(await lint('renderer/src/features/queue/x.ts', "import { LEVELS } from '../../../../app/domain/levels';\nimport { Button } from 'antd';\nexport const a = [LEVELS, Button];\n")).toEqual([]);
  });
});
