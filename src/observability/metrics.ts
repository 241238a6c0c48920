// Prometheus metrics: per-connector queue depth, in flight, window and state, message counters,
// and HTTP latency. Gauges are read at scrape time, so nothing is updated on the hot path.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Gateway } from '../core/gateway.ts';
import type { Store } from '../store/types.ts';

export interface PlatformMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  messages: Counter<'event'>;
}

export function createMetrics(gateway: Gateway, store: Store): PlatformMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kuaixin_process_' });
  const connectors = () => [...gateway.connectors.values()];

  new Gauge({
    name: 'kuaixin_connector_queue_depth',
    help: 'Messages queued for a connector',
    labelNames: ['connector'],
    registers: [registry],
    async collect() {
      const depth = await store.messages.queueDepth();
      this.reset();
      for (const c of connectors()) this.set({ connector: c.id }, depth[c.id] ?? 0);
    },
  });
  new Gauge({
    name: 'kuaixin_connector_in_flight',
    help: 'Messages sent and not yet answered by the upstream',
    labelNames: ['connector'],
    registers: [registry],
    collect() {
      for (const c of connectors()) this.set({ connector: c.id }, c.stats().inFlight);
    },
  });
  new Gauge({
    name: 'kuaixin_connector_window',
    help: 'Window size of a connector (all binds)',
    labelNames: ['connector'],
    registers: [registry],
    collect() {
      for (const c of connectors()) this.set({ connector: c.id }, c.stats().window);
    },
  });
  new Gauge({
    name: 'kuaixin_connector_up',
    help: '1 when the connector has a working session',
    labelNames: ['connector'],
    registers: [registry],
    collect() {
      for (const c of connectors()) this.set({ connector: c.id }, c.stats().state === 'up' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'kuaixin_connector_submit_rate',
    help: 'Messages per second submitted by the platform (10-second buckets)',
    registers: [registry],
    collect() {
      this.set(gateway.throughput.rate('submitted'));
    },
  });
  const messages = new Counter({ name: 'kuaixin_messages_total', help: 'Messages by event: accepted, submitted, delivered, failed', labelNames: ['event'], registers: [registry] });
  const httpDuration = new Histogram({
    name: 'kuaixin_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  gateway.throughput.onAdd = (kind, count) => messages.inc({ event: kind }, count);
  return { registry, httpDuration, messages };
}
