import { LogoutOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Badge, Button, Tooltip } from 'antd';
import { ROLE_ZH, type User } from '../../../app/sync/api';
import type { LiveState } from '../api/live-events';
import { PackRevision } from '../features/rule-pack/pack-revision';

export function AppHeader(props: { user: User; live: LiveState; onLogout: () => void }) {
  const { user, live } = props;
  return (
    <header className="yd-header">
      <div className="yd-brand">
        <SafetyCertificateOutlined className="yd-brand-icon" />
        <span>药盾 · 县域审方中心</span>
      </div>
      <div className="yd-header-right">
        <PackRevision />
        <Tooltip title={live === 'connected' ? '实时推送已连接，新处方将自动出现' : '实时推送中断，正在重连；列表每 2 秒自动刷新'}>
          <span className="yd-live" data-testid="live-status" data-state={live}>
            <Badge status={live === 'connected' ? 'success' : 'warning'} />
            {live === 'connected' ? '实时' : '重连中…'}
          </span>
        </Tooltip>
        <span className="yd-user" data-testid="app-user">
          <UserOutlined />
          <span>{user.displayName}</span>
          <span className="yd-role">{ROLE_ZH[user.role]}</span>
          {user.institutionName !== null ? <span className="yd-role">{user.institutionName}</span> : null}
        </span>
        <Button type="text" size="small" icon={<LogoutOutlined />} onClick={props.onLogout} data-testid="logout" className="yd-logout">
          退出
        </Button>
      </div>
    </header>
  );
}
