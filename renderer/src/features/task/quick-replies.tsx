/** The pharmacist's quick-reply templates (快捷回复): read for the reject modal, managed in a drawer. */
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Input, List, Popconfirm, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { REJECT_REASONS, type QuickReply, type QuickReplyInput } from '../../../../app/sync/api';
import { describeFailure, failureOf, unwrap, type ApiResult } from '../../api/client';
import { useApiClient } from '../../api/session';

export const quickRepliesKey = ['quick-replies'] as const;

/** The templates; the defaults while they load or when the platform cannot be reached (offline). */
export function useQuickReplies(): { replies: ReadonlyArray<{ id: string; code: string; text: string }>; fromServer: boolean } {
  const client = useApiClient();
  const q = useQuery({ queryKey: quickRepliesKey, queryFn: () => unwrap(client.quickReplies()), staleTime: 60_000 });
  if (q.data !== undefined) return { replies: q.data.replies, fromServer: true };
  return { replies: REJECT_REASONS.map((r) => ({ id: `default-${r.code}`, ...r })), fromServer: false };
}

const CODE_ZH: Readonly<Record<string, string>> = { dose: '剂量', interaction: '相互作用', allergy: '过敏', duplicate: '重复用药', contraindication: '禁忌', days: '天数', other: '其他' };
const CODE_OPTIONS = REJECT_REASONS.map((r) => ({ value: r.code, label: CODE_ZH[r.code] ?? r.code }));

function ReplyEditor(props: { initial: QuickReplyInput; busy: boolean; onSave: (v: QuickReplyInput) => void; onCancel?: () => void; submitText: string }) {
  const [code, setCode] = useState(props.initial.code);
  const [text, setText] = useState(props.initial.text);
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select value={code} options={CODE_OPTIONS} onChange={setCode} style={{ width: 110 }} aria-label="理由类别" />
      <Input value={text} maxLength={500} onChange={(e) => setText(e.target.value)} placeholder="回复内容" data-testid="quick-reply-text" />
      <Button type="primary" loading={props.busy} disabled={text.trim() === ''} onClick={() => props.onSave({ code, text: text.trim() })} data-testid="quick-reply-save">
        {props.submitText}
      </Button>
      {props.onCancel !== undefined ? <Button onClick={props.onCancel}>取消</Button> : null}
    </Space.Compact>
  );
}

export function QuickReplyManager(props: { open: boolean; onClose: () => void }) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const q = useQuery({ queryKey: quickRepliesKey, queryFn: () => unwrap(client.quickReplies()), enabled: props.open });
  const [editing, setEditing] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: async (call: () => Promise<ApiResult<unknown>>) => unwrap(call()),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: quickRepliesKey }),
    onError: (e) => void message.error(describeFailure(failureOf(e) ?? { kind: 'network', message: String(e) })),
  });
  const replies: readonly QuickReply[] = q.data?.replies ?? [];
  const move = (index: number, step: -1 | 1) => {
    const ids = replies.map((r) => r.id);
    const j = index + step;
    if (j < 0 || j >= ids.length) return;
    [ids[index], ids[j]] = [ids[j]!, ids[index]!];
    run.mutate(() => client.reorderQuickReplies(ids));
  };
  return (
    <Drawer title="管理快捷回复" open={props.open} onClose={props.onClose} size={560} destroyOnHidden>
      <div data-testid="quick-reply-manager">
        <Typography.Paragraph type="secondary">快捷回复仅对您本人可见；驳回时点击即可填入理由。</Typography.Paragraph>
        <ReplyEditor initial={{ code: 'other', text: '' }} busy={run.isPending} submitText="新增" onSave={(v) => run.mutate(() => client.createQuickReply(v))} />
        <List
          style={{ marginTop: 12 }}
          loading={q.isLoading}
          dataSource={[...replies]}
          locale={{ emptyText: '暂无快捷回复' }}
          renderItem={(r, i) => (
            <List.Item
              data-testid="quick-reply-item"
              data-id={r.id}
              actions={
                editing === r.id
                  ? []
                  : [
                      <Button key="up" size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label="上移" data-testid="quick-reply-up" />,
                      <Button key="down" size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === replies.length - 1} onClick={() => move(i, 1)} aria-label="下移" />,
                      <Button key="edit" size="small" type="text" icon={<EditOutlined />} onClick={() => setEditing(r.id)} aria-label="编辑" data-testid="quick-reply-edit" />,
                      <Popconfirm key="del" title="删除这条快捷回复？" okText="删除" cancelText="取消" onConfirm={() => run.mutate(() => client.deleteQuickReply(r.id))}>
                        <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label="删除" data-testid="quick-reply-delete" />
                      </Popconfirm>,
                    ]
              }
            >
              {editing === r.id ? (
                <ReplyEditor
                  initial={{ code: r.code, text: r.text }}
                  busy={run.isPending}
                  submitText="保存"
                  onCancel={() => setEditing(null)}
                  onSave={(v) => run.mutate(() => client.updateQuickReply(r.id, v), { onSuccess: () => setEditing(null) })}
                />
              ) : (
                <span>
                  <span className="yd-muted">[{CODE_ZH[r.code] ?? r.code}]</span> {r.text}
                </span>
              )}
            </List.Item>
          )}
        />
        <Button icon={<PlusOutlined />} type="link" onClick={props.onClose}>
          完成
        </Button>
      </div>
    </Drawer>
  );
}
