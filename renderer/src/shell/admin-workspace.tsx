import { Tabs } from 'antd';
import { CodeMappingPage } from '../features/code-mapping/code-mapping-page';
import { EmpiPage } from '../features/empi/empi-page';
import { Workbench } from './workbench';

/** The admin's views: the review workbench plus the data-center administration. */
export function AdminWorkspace() {
  return (
    <Tabs
      className="yd-admin-tabs"
      destroyOnHidden
      items={[
        { key: 'workbench', label: <span data-testid="admin-tab-workbench">审方任务</span>, children: <Workbench /> },
        { key: 'code-mapping', label: <span data-testid="nav-code-mapping">编码对照</span>, children: <CodeMappingPage /> },
        { key: 'empi', label: <span data-testid="nav-empi">患者主索引</span>, children: <EmpiPage /> },
      ]}
    />
  );
}
