import { LogoutOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Badge, Button, Segmented, Tooltip } from 'antd';
import { ROLE_ZH, type User } from '../../../app/sync/api';
import type { ReactNode } from 'react';
import type { LiveState } from '../api/live-events';
import { useNavStore, type MainView } from '../shared/nav-store';
import { PackRevision } from '../features/rule-pack/pack-revision';

export function AppHeader(props: { user: User; live: LiveState; onLogout: () => void; extra?: ReactNode }) {
  const { user, live } = props;
  return (
    <header className="yd-header">
      <div className="yd-brand">
        <SafetyCertificateOutlined className="yd-brand-icon" />
        <span>药盾 · 县域审方中心</span>
      </div>
      <MainNav role={user.role} />
      <div className="yd-header-right">
        <PackRevision />
        {user.role === 'doctor' ? null : (
        <Tooltip title={live === 'connected' ? '实时推送已连接，新处方将自动出现' : '实时推送中断，正在重连；列表每 2 秒自动刷新'}>
          <span className="yd-live" data-testid="live-status" data-state={live}>
            <Badge status={live === 'connected' ? 'success' : 'warning'} />
            {live === 'connected' ? '实时' : '重连中…'}
          </span>
        </Tooltip>
        )}
        {props.extra}
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

/** The first view is the role's own desk: the review queue, or a doctor's replies. */
function MainNav(props: { role: string }) {
  const view = useNavStore((s) => s.view);
  const setView = useNavStore((s) => s.setView);
  return (
    <Segmented<MainView>
      className="yd-main-nav"
      value={view}
      onChange={setView}
      options={[
        { value: 'workbench', label: <span data-testid="nav-workbench">{props.role === 'doctor' ? '我的处方' : '审方工作台'}</span> },
        { value: 'knowledge', label: <span data-testid="nav-knowledge">知识库</span> },
      ]}
    />
  );
}
