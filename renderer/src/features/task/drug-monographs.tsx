/** 说明书 panel: the monograph of each drug on the prescription, from the local rule pack (works offline). */
import { Alert, Empty, Segmented, Skeleton } from 'antd';
import { useState } from 'react';
import { resolveDrug } from '../../../../app/knowledge/indexed';
import type { Drug } from '../../../../app/knowledge/schema';
import type { PrescriptionItem } from '../../../../app/sync/api';
import { useKb } from '../../shared/knowledge/active-kb';
import { DrugHeading, MonographView } from '../../shared/knowledge/monograph-view';

export function DrugMonographs(props: { items: readonly PrescriptionItem[] }) {
  const state = useKb();
  const [picked, setPicked] = useState<string | null>(null);
  if (state.status === 'loading') return <Skeleton active paragraph={{ rows: 4 }} />;
  if (state.status === 'error') return <Alert type="warning" showIcon title={`规则包未加载，无法显示说明书：${state.message}`} />;
  const kb = state.kb;
  const drugs: Drug[] = [];
  const unknown: string[] = [];
  for (const it of props.items) {
    const d = resolveDrug(kb, { text: it.name });
    if (d === null) unknown.push(it.name);
    else if (!drugs.some((x) => x.id === d.id)) drugs.push(d);
  }
  if (drugs.length === 0) return <Empty description="处方药品均未在知识库中找到" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const current = drugs.find((d) => d.id === picked) ?? drugs[0]!;
  return (
    <div data-testid="drug-monographs">
      <Segmented
        value={current.id}
        onChange={(v) => setPicked(String(v))}
        options={drugs.map((d) => ({ value: d.id, label: <span data-testid="monograph-tab">{d.nameZh}</span> }))}
        style={{ marginBottom: 8, flexWrap: 'wrap' }}
      />
      <DrugHeading drug={current} />
      <MonographView kb={kb} drug={current} />
      {unknown.length > 0 ? <Alert style={{ marginTop: 8 }} type="info" showIcon title={`知识库中未收录：${unknown.join('、')}`} /> : null}
    </div>
  );
}
