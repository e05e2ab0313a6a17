/** 相互作用查询: any set of drugs, checked by the engine's own interaction check on the local pack. */
import { Empty, Select, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { interactionsAmong } from '../../../../app/engine/lookup';
import type { IndexedKb } from '../../../../app/knowledge/indexed';
import { buildDrugSearchIndex, searchDrugs } from '../../shared/knowledge/drug-search';
import { SourceLine } from '../../shared/knowledge/monograph-view';
import { LevelTag } from '../../shared/level-tag';

export function InteractionChecker(props: { kb: IndexedKb; initial?: readonly string[] }) {
  const index = useMemo(() => buildDrugSearchIndex(props.kb), [props.kb]);
  const [ids, setIds] = useState<string[]>([...(props.initial ?? [])]);
  const [query, setQuery] = useState('');
  const findings = useMemo(() => interactionsAmong(props.kb, ids), [props.kb, ids]);
  const options = (query === '' ? [] : searchDrugs(index, query, 30)).map((h) => ({ value: h.drug.id, label: `${h.drug.nameZh}（${h.drug.atc.join('/') || h.drug.pinyin}）` }));
  const selected = ids.map((id) => ({ value: id, label: props.kb.drugs.get(id)?.nameZh ?? id }));
  return (
    <div data-testid="interaction-checker">
      <Select
        mode="multiple"
        showSearch={{ filterOption: false, onSearch: setQuery }}
        value={selected}
        labelInValue
        placeholder="输入药名、拼音首字母或 ATC，添加两个或更多药品"
        options={options}
        onChange={(v: Array<{ value: string }>) => {
          setIds(v.map((x) => x.value));
          setQuery('');
        }}
        notFoundContent={query === '' ? null : '未找到'}
        style={{ width: '100%' }}
        data-testid="interaction-drugs"
      />
      <div style={{ marginTop: 12 }}>
        {ids.length < 2 ? (
          <Typography.Text type="secondary">请至少选择两个药品。</Typography.Text>
        ) : findings.length === 0 ? (
          <div data-testid="interaction-none">
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`规则包 r${props.kb.manifest.revision} 中未收录这些药品之间的相互作用`} />
          </div>
        ) : (
          findings.map((f) => (
            <div key={f.ruleId} className="yd-interaction" data-testid="interaction-finding" data-level={f.level} data-rule-id={f.ruleId}>
              <div>
                <LevelTag level={f.level} /> <b>{f.summary}</b>
              </div>
              <div>
                <Tag>机制</Tag>
                {f.why}
              </div>
              <div>
                <Tag>处理</Tag>
                {f.action}
              </div>
              {f.sources.map((s, i) => (
                <SourceLine key={i} source={s} />
              ))}
            </div>
          ))
        )}
      </div>
    </div>
  );
}
