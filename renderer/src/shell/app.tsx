import { useQuery } from '@tanstack/react-query';
import { Button, Result, Spin } from 'antd';
import { useEffect } from 'react';
import { describeFailure, failureOf, unwrap } from '../api/client';
import { LiveEventsProvider, useLiveState } from '../api/live-events';
import { queryKeys } from '../api/query-keys';
import { useSession } from '../api/session';
import { LoginPage } from '../features/auth/login-page';
import { RuleAdminPage } from '../features/rule-admin/rule-admin-page';
import { useUiStore } from '../shared/ui-store';
import { AppHeader } from './app-header';
import { Workbench } from './workbench';

function SignedIn() {
  const { client, signOut } = useSession();
  const live = useLiveState();
  const me = useQuery({ queryKey: queryKeys.me, queryFn: () => unwrap(client.me()) });

  if (me.data === undefined) {
    const failure = failureOf(me.error);
    if (failure === null) {
      return (
        <div className="yd-center">
          <Spin size="large" description="正在加载…" />
        </div>
      );
    }
    return (
      <div className="yd-center">
        <Result
          status="warning"
          title="无法获取当前用户"
          subTitle={describeFailure(failure)}
          extra={[
            <Button key="retry" type="primary" onClick={() => void me.refetch()}>
              重试
            </Button>,
            <Button key="logout" onClick={() => void signOut()}>
              重新登录
            </Button>,
          ]}
        />
      </div>
    );
  }
  return (
    <div className="yd-app">
      <AppHeader user={me.data} live={live} onLogout={() => void signOut()} />
      <main className="yd-main">
        {me.data.role === 'admin' ? <RuleAdminPage /> : <Workbench />}
      </main>
    </div>
  );
}

/** Login when there is no session; otherwise the workbench with live events. */
export function App() {
  const { session } = useSession();
  const reset = useUiStore((s) => s.reset);
  useEffect(() => {
    if (session === null) reset(); // the next user starts from a clean queue view
  }, [session, reset]);
  if (session === null) return <LoginPage />;
  return (
    <LiveEventsProvider>
      <SignedIn />
    </LiveEventsProvider>
  );
}
