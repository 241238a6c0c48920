// Dashboard: live counters above the throughput chart.
import { Flex } from 'antd';
import { StatCards } from './stat-cards.tsx';
import { ThroughputChart } from './throughput-chart.tsx';

export function DashboardPage() {
  return (
    <Flex vertical gap={16}>
      <StatCards />
      <ThroughputChart />
    </Flex>
  );
}
