import { Tabs } from 'antd';
import { CodeMappingPage } from '../features/code-mapping/code-mapping-page';
import { EmpiPage } from '../features/empi/empi-page';
import { RuleAdminPage } from '../features/rule-admin/rule-admin-page';
import { Workbench } from './workbench';

/** The admin's views: rule packs, rules and plans first (the admin's main job), the data-center administration, and the review queue. */
export function AdminWorkspace() {
  return (
    <Tabs
      className="yd-admin-tabs"
      destroyOnHidden
      items={[
        { key: 'rules', label: <span data-testid="nav-rule-admin">规则与方案</span>, children: <RuleAdminPage /> },
        { key: 'code-mapping', label: <span data-testid="nav-code-mapping">编码对照</span>, children: <CodeMappingPage /> },
        { key: 'empi', label: <span data-testid="nav-empi">患者主索引</span>, children: <EmpiPage /> },
        { key: 'workbench', label: <span data-testid="admin-tab-workbench">审方任务</span>, children: <Workbench /> },
      ]}
    />
  );
}
