/** One drug's 说明书 panel: its label sections and structured facts, each with its source. */
import { Collapse, Empty, Tag, Typography } from 'antd';
import { monographOf } from '../../../../app/engine/lookup';
import type { IndexedKb } from '../../../../app/knowledge/indexed';
import type { Drug, SourceFact } from '../../../../app/knowledge/schema';
import { LevelTag } from '../level-tag';

const SOURCE_KIND_ZH: Readonly<Record<SourceFact['kind'], string>> = { label: '说明书', formulary: '处方集', guideline: '指南', regulation: '法规', reference: '文献' };

export function SourceLine(props: { source: SourceFact }) {
  const s = props.source;
  return (
    <span className="yd-source" data-testid="fact-source">
      {SOURCE_KIND_ZH[s.kind]}：{s.title}
      {s.section !== undefined ? ` ${s.section}` : ''}
    </span>
  );
}

export function DrugHeading(props: { drug: Drug }) {
  const d = props.drug;
  return (
    <div className="yd-drug-heading">
      <Typography.Text strong>{d.nameZh}</Typography.Text>
      <span className="yd-muted">{d.nameEn}</span>
      {d.atc.map((a) => (
        <Tag key={a} className="yd-mono">
          {a}
        </Tag>
      ))}
      {d.essential ? <Tag color="green">基药</Tag> : null}
      {d.highAlert ? <Tag color="red">高警示</Tag> : null}
    </div>
  );
}

export function MonographView(props: { kb: IndexedKb; drug: Drug; defaultOpen?: readonly string[] }) {
  const sections = monographOf(props.kb, props.drug);
  if (sections.length === 0) return <Empty description="知识库中没有该药品的说明书要点" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <div data-testid="monograph" data-drug-id={props.drug.id}>
      <Collapse
        size="small"
        defaultActiveKey={props.defaultOpen ? [...props.defaultOpen] : sections.map((s) => s.key)}
        items={sections.map((s) => ({
          key: s.key,
          label: s.title,
          children: (
            <ul className="yd-facts" data-testid={`monograph-${s.key}`}>
              {s.facts.map((f, i) => (
                <li key={i}>
                  {f.level !== undefined ? <LevelTag level={f.level} /> : null} <span>{f.text}</span>
                  <div>
                    <SourceLine source={f.source} />
                  </div>
                </li>
              ))}
            </ul>
          ),
        }))}
      />
      <div className="yd-muted yd-monograph-source">
        资料来源：<SourceLine source={props.drug.source} />
      </div>
    </div>
  );
}
