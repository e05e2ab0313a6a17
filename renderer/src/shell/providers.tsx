import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { ReactNode } from 'react';
import type { StoredSession, WorkstationHost } from '../../../app/contracts/host';
import { failureOf } from '../api/client';
import { SessionProvider } from '../api/session';
import type { OfflineRepository } from '../offline/repository';
import { SyncProvider } from '../offline/sync-provider';

dayjs.locale('zh-cn');

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not get better by asking again; network errors and 5xx are retried.
        retry: (count, error) => {
          const failure = failureOf(error);
          if (failure?.kind === 'http' && failure.status < 500) return false;
          return count < 2;
        },
        staleTime: 1_000,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}

export function AppProviders(props: {
  host: WorkstationHost;
  baseUrl: string;
  initialSession: StoredSession | null;
  queryClient: QueryClient;
  /** The offline store (tests pass a fresh one per render). */
  offline?: OfflineRepository;
  children: ReactNode;
}) {
  return (
    <ConfigProvider
      locale={zhCN}
      componentSize="middle"
      // "登录", not "登 录": e2e tests and screen readers read the text as written.
      button={{ autoInsertSpace: false }}
      theme={{ token: { fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif", borderRadius: 4 } }}
    >
      <AntApp style={{ height: '100%' }}>
        <QueryClientProvider client={props.queryClient}>
          <SessionProvider host={props.host} baseUrl={props.baseUrl} initialSession={props.initialSession}>
            <SyncProvider {...(props.offline === undefined ? {} : { repo: props.offline })}>{props.children}</SyncProvider>
          </SessionProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
