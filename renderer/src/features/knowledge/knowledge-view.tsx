/**
 * 知识库查询 (pharmacists and doctors): search by Chinese name, pinyin initials or ATC; the
 * monograph; the interaction checker; the dose calculator. Everything runs on the active
 * rule pack held locally, so it works offline once the pack is loaded.
 */
import { Alert, Card, Empty, Input, List, Skeleton, Tabs, Tag } from 'antd';
import { useDeferredValue, useMemo, useState } from 'react';
import type { IndexedKb } from '../../../../app/knowledge/indexed';
import { useKb } from '../../shared/knowledge/active-kb';
import { buildDrugSearchIndex, searchDrugs } from '../../shared/knowledge/drug-search';
import { DrugHeading, MonographView } from '../../shared/knowledge/monograph-view';
import { DoseCalculator } from './dose-calculator';
import { InteractionChecker } from './interaction-checker';

const MATCHED_ZH = { name: '药名', pinyin: '拼音', atc: 'ATC', english: '英文名' } as const;

function Lookup(props: { kb: IndexedKb }) {
  const { kb } = props;
  const index = useMemo(() => buildDrugSearchIndex(kb), [kb]);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const hits = useMemo(() => searchDrugs(index, deferred), [index, deferred]);
  const [pickedId, setPickedId] = useState<string | null>(null);
  const picked = pickedId !== null ? (kb.drugs.get(pickedId) ?? null) : (hits[0]?.drug ?? null);
  return (
    <div className="yd-knowledge" data-testid="knowledge-view">
      <div className="yd-knowledge-left">
        <Input.Search
          allowClear
          autoFocus
          placeholder="药名 / 拼音首字母（如 amxl）/ ATC（如 J01CA04）"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setPickedId(null);
          }}
          data-testid="knowledge-search"
        />
        <List
          size="small"
          className="yd-knowledge-hits"
          dataSource={hits}
          locale={{ emptyText: query.trim() === '' ? `规则包 r${kb.manifest.revision}，共 ${kb.drugs.size} 个药品` : '未找到匹配的药品' }}
          renderItem={(h) => (
            <List.Item
              data-testid="knowledge-hit"
              data-drug-id={h.drug.id}
              className={picked?.id === h.drug.id ? 'yd-hit-active' : undefined}
              onClick={() => setPickedId(h.drug.id)}
              style={{ cursor: 'pointer' }}
            >
              <span>
                <b>{h.drug.nameZh}</b> <span className="yd-muted">{h.drug.atc.join(' ')}</span>
              </span>
              <Tag>{MATCHED_ZH[h.matched]}</Tag>
            </List.Item>
          )}
        />
      </div>
      <div className="yd-knowledge-right">
        <Tabs
          items={[
            {
              key: 'monograph',
              label: '说明书',
              children:
                picked === null ? (
                  <Empty description="请在左侧搜索并选择药品" />
                ) : (
                  <Card size="small" title={<DrugHeading drug={picked} />}>
                    <MonographView kb={kb} drug={picked} />
                  </Card>
                ),
            },
            { key: 'interactions', label: <span data-testid="tab-interactions">相互作用</span>, children: <InteractionChecker kb={kb} initial={picked !== null ? [picked.id] : []} key={picked?.id ?? 'none'} /> },
            { key: 'dose', label: <span data-testid="tab-dose">剂量计算</span>, children: <DoseCalculator kb={kb} drug={picked} /> },
          ]}
        />
      </div>
    </div>
  );
}

export function KnowledgeView() {
  const state = useKb();
  if (state.status === 'loading') return <Skeleton active paragraph={{ rows: 8 }} style={{ padding: 24 }} />;
  if (state.status === 'error') return <Alert type="error" showIcon title={`规则包加载失败，知识库不可用：${state.message}`} style={{ margin: 24 }} />;
  return <Lookup kb={state.kb} />;
}
