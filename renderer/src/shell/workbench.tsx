import { Splitter } from 'antd';
import { QueuePane } from '../features/queue/queue-pane';
import { TaskPane } from '../features/task/task-pane';

/** Queue on the left, the open prescription on the right; the split can be dragged. */
export function Workbench() {
  return (
    <Splitter className="yd-workbench">
      <Splitter.Panel defaultSize="55%" min="38%" max="70%">
        <QueuePane />
      </Splitter.Panel>
      <Splitter.Panel min="30%">
        <TaskPane />
      </Splitter.Panel>
    </Splitter>
  );
}
