/** Below the findings: 说明书, the patient's 360° view, versions with a diff, and 处方流转. */
import { Badge, Tabs } from 'antd';
import type { TaskDetail } from '../../../../app/sync/api';
import { DrugMonographs } from './drug-monographs';
import { FlowHistory } from './flow-history';
import { Patient360View } from './patient-360';
import { VersionHistory } from './version-history';

export function TaskExtras(props: { detail: TaskDetail }) {
  const { detail } = props;
  const versions = detail.versions ?? [];
  return (
    <section className="yd-section yd-task-extras">
      <Tabs
        size="small"
        // The patient first: most holds are decided on the patient's other medicines, labs and allergies.
        defaultActiveKey="360"
        destroyOnHidden={false}
        items={[
          { key: '360', label: <span data-testid="tab-360">患者 360°</span>, children: <Patient360View patientId={detail.patient.patientId} /> },
          { key: 'monograph', label: <span data-testid="tab-monograph">说明书</span>, children: <DrugMonographs items={detail.prescription.items} /> },
          {
            key: 'versions',
            label: (
              <span data-testid="tab-versions">
                版本对比 {versions.length > 1 ? <Badge count={versions.length} size="small" color="orange" /> : null}
              </span>
            ),
            children: <VersionHistory versions={versions} />,
          },
          { key: 'flow', label: <span data-testid="tab-flow">处方流转</span>, children: <FlowHistory flow={detail.flow ?? []} /> },
        ]}
      />
    </section>
  );
}
