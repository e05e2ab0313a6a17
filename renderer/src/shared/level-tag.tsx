import { Tag } from 'antd';
import { LEVEL_ZH, type Level } from '../../../app/domain/levels';

export const LEVEL_COLOR: Readonly<Record<Level, string>> = {
  contraindicated: 'red',
  'not-recommended': 'orange',
  caution: 'gold',
  info: 'blue',
};

export function LevelTag(props: { level: Level | null }) {
  if (props.level === null) return <Tag>无问题</Tag>;
  return (
    <Tag color={LEVEL_COLOR[props.level]} style={{ marginInlineEnd: 0 }}>
      {LEVEL_ZH[props.level]}
    </Tag>
  );
}
