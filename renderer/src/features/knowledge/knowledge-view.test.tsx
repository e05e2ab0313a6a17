// @vitest-environment jsdom
import '../../test-setup';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { loadReceivedPack } from '../../../../app/knowledge/load-pack';
import { KbProvider } from '../../shared/knowledge/active-kb';
import { buildDrugSearchIndex, initialsOf, searchDrugs } from '../../shared/knowledge/drug-search';
import { baselineActivePack } from '../../test/baseline-pack-test-setup';
import { SIGNED_IN } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { DoseCalculator } from './dose-calculator';
import { InteractionChecker } from './interaction-checker';
import { KnowledgeView } from './knowledge-view';

const loaded = loadReceivedPack(baselineActivePack());
if (!loaded.ok) throw new Error(loaded.message);
const kb = loaded.pack.kb;
const index = buildDrugSearchIndex(kb);
/** antd puts data-testid on the input or on its wrapper depending on the component. */
const inputOf = (testId: string): HTMLInputElement => {
  const el = screen.getByTestId(testId);
  return (el.tagName === 'INPUT' ? el : el.querySelector('input')!) as HTMLInputElement;
};

describe('drug search', () => {
  it('finds 阿莫西林 by pinyin initials in either case, by ATC and by Chinese name', () => {
    expect(searchDrugs(index, 'amxl')[0]!.drug.nameZh).toBe('阿莫西林');
    expect(searchDrugs(index, 'AMXL')[0]).toMatchObject({ drug: { nameZh: '阿莫西林' }, matched: 'pinyin' });
    expect(searchDrugs(index, 'J01CA04')[0]).toMatchObject({ drug: { id: 'amoxicillin' }, matched: 'atc' });
    expect(searchDrugs(index, 'j01ca').map((h) => h.drug.id)).toContain('amoxicillin');
    expect(searchDrugs(index, '莫西林').map((h) => h.drug.nameZh)).toContain('阿莫西林');
    expect(searchDrugs(index, '   ')).toEqual([]);
  });

  it('derives initials from names and aliases with pinyin-pro', () => {
    expect(initialsOf('盐酸二甲双胍片 0.5g')).toBe('ysejsgp');
    expect(searchDrugs(index, 'ejsg')[0]!.drug.id).toBe('metformin');
  });
});

describe('knowledge view', () => {
  it('searches and opens the monograph', async () => {
    renderWithProviders(<KbProvider state={{ status: 'ready', revision: kb.manifest.revision, kb }}><KnowledgeView /></KbProvider>, { session: SIGNED_IN });
    fireEvent.change(inputOf('knowledge-search'), { target: { value: 'AMXL' } });
    await waitFor(() => expect(screen.getAllByTestId('knowledge-hit')[0]!.getAttribute('data-drug-id')).toBe('amoxicillin'));
    const mono = await screen.findByTestId('monograph');
    expect(mono.getAttribute('data-drug-id')).toBe('amoxicillin');
    expect(within(mono).getByTestId('monograph-dose').textContent).toContain('/kg');
  });

  it('interaction checker: a known pair gives the finding, a clean pair none', async () => {
    const { unmount } = renderWithProviders(<InteractionChecker kb={kb} initial={['simvastatin', 'clarithromycin']} />, { session: SIGNED_IN });
    const f = await screen.findByTestId('interaction-finding');
    expect(f.getAttribute('data-level')).toBe('contraindicated');
    expect(f.getAttribute('data-rule-id')).toBe('interaction:simvastatin+clarithromycin');
    expect(within(f).getByTestId('fact-source').textContent).toMatch(/说明书|指南|文献|处方集|法规/);
    unmount();
    renderWithProviders(<InteractionChecker kb={kb} initial={['amoxicillin', 'paracetamol']} />, { session: SIGNED_IN });
    expect(await screen.findByTestId('interaction-none')).toBeTruthy();
    expect(screen.queryByTestId('interaction-finding')).toBeNull();
  });

  it('dose calculator: BSA 1.82 m² for 170 cm / 70 kg, mg/kg, and CrCl against the drug’s renal bands', async () => {
    renderWithProviders(<DoseCalculator kb={kb} drug={kb.drugs.get('metformin')!} />, { session: SIGNED_IN });
    expect(screen.getByTestId('calc-bsa').textContent).toContain('1.82 m²');
    expect(screen.getByTestId('calc-dose').textContent).toContain('10 mg/kg × 70 kg = 700 mg');
    // 65-year-old man, 70 kg, creatinine 100 μmol/L: (140-65)×70/(72×100/88.4) = 64.5 mL/min
    expect(screen.getByTestId('calc-crcl').textContent).toContain('64.5 mL/min');
    expect(screen.getByTestId('calc-renal-ok')).toBeTruthy();
    fireEvent.change(inputOf('calc-scr'), { target: { value: '200' } });
    await waitFor(() => expect(screen.getByTestId('calc-crcl').textContent).toContain('32.2 mL/min'));
    expect(screen.getByTestId('calc-renal-advice').textContent).toContain('CrCl < 45');
  });
});
