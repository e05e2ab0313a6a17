import { Badge, Tooltip } from 'antd';
import { formatTime } from '../shared/format';
import { useSync } from './sync-provider';

/** 已同步 / 待同步 N / 离线 — from the outbox (architecture.md §Sync), never from the socket. */
export function SyncBadge() {
  const { state } = useSync();
  const view =
    state.kind === 'synced'
      ? { status: 'success' as const, text: '已同步', tip: '所有审核决定均已被平台确认' }
      : state.kind === 'pending'
        ? { status: 'processing' as const, text: `待同步 ${state.count}`, tip: '正在提交本机保存的审核决定' }
        : { status: 'error' as const, text: `离线 · 待同步 ${state.count}`, tip: `自 ${formatTime(state.since)} 起无法连接审方平台；决定已保存在本机，恢复后按顺序自动提交` };
  return (
    <Tooltip title={view.tip}>
      <span className="yd-sync" data-testid="sync-badge" data-state={state.kind} data-pending={state.kind === 'synced' ? 0 : state.count}>
        <Badge status={view.status} />
        <span>{view.text}</span>
      </span>
    </Tooltip>
  );
}
