/** 审方基础字典、药品属性字典、错误码字典 (seed 002 §3.6.2.2), read-only. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Table, Tag, Typography } from 'antd';
import { describeFailure, failureOf, unwrap } from '../../api/client';
import { useApiClient } from '../../api/session';

export function useDictionaries() {
  const client = useApiClient();
  return useQuery({ queryKey: ['dictionaries'], queryFn: () => unwrap(client.dictionaries()), staleTime: 60_000 });
}

export function DictionariesTab() {
  const q = useDictionaries();
  if (q.error) return <Alert type="error" title={describeFailure(failureOf(q.error) ?? { kind: 'network', message: '' })} />;
  const d = q.data;
  return (
    <Row gutter={[16, 16]} data-testid="dictionaries">
      <Col xs={24} xl={12}>
        <Card size="small" title="审方基础字典 · 审核类型">
          <Table size="small" rowKey="code" loading={!d} dataSource={d?.basic.checkTypes ?? []} pagination={{ pageSize: 12 }}
            columns={[{ title: '编码', dataIndex: 'code' }, { title: '名称', dataIndex: 'zh' }, { title: '默认点评编码', dataIndex: 'reviewCode' }]} />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title="审方基础字典 · 警示级别">
          <Table size="small" rowKey="code" loading={!d} dataSource={d?.basic.levels ?? []} pagination={false}
            columns={[{ title: '编码', dataIndex: 'code' }, { title: '名称', dataIndex: 'zh' }, { title: '风险等级', dataIndex: 'riskClass' }, { title: 'CDS Hooks', dataIndex: 'cdsIndicator' }]} />
        </Card>
        <Card size="small" title="药品属性字典" style={{ marginTop: 16 }}>
          <Table size="small" rowKey="code" loading={!d} dataSource={d?.drugAttributes ?? []} pagination={false}
            columns={[{ title: '属性', dataIndex: 'zh' }, { title: '取值（当前规则包中的药品数）', render: (_, a) => a.values.map((v) => <Tag key={v.code}>{v.zh} · {v.drugs}</Tag>) }]} />
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title="错误码字典（处方点评问题代码）">
          <Typography.Paragraph type="secondary">来源：{d ? `${d.reviewCodeSource.title}${d.reviewCodeSource.section}` : ''}</Typography.Paragraph>
          <Table size="small" rowKey="code" loading={!d} dataSource={d?.reviewCodes ?? []} pagination={{ pageSize: 15 }}
            columns={[{ title: '代码', dataIndex: 'code', width: 80 }, { title: '类别', dataIndex: 'category', width: 140 }, { title: '问题', dataIndex: 'zh' }]} />
        </Card>
      </Col>
    </Row>
  );
}
