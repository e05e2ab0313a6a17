/** The active rule-pack revision in the header; amber with the reason when a newer one was refused. */
import { DatabaseOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useActivePack, useActivePackProblem } from './use-active-pack';

export function PackRevision() {
  const pack = useActivePack();
  const problem = useActivePackProblem();
  if (pack.status === 'loading') return <Tag icon={<DatabaseOutlined />} data-testid="pack-revision" data-state="loading">规则包加载中…</Tag>;
  if (pack.status === 'error') {
    return (
      <Tooltip title={pack.message}>
        <Tag color="error" icon={<DatabaseOutlined />} data-testid="pack-revision" data-state="error">规则包不可用</Tag>
      </Tooltip>
    );
  }
  return (
    <Tooltip title={problem ?? `规则包 ${pack.id} 第 ${pack.revision} 版，签名已验证`}>
      <Tag color={problem ? 'warning' : 'default'} icon={<DatabaseOutlined />} data-testid="pack-revision" data-revision={pack.revision} data-state={problem ? 'stale' : 'current'}>
        规则包 r{pack.revision}
      </Tag>
    </Tooltip>
  );
}
