// The lane settings a connector record gives: what the core may keep in flight on it.
import { describe, expect, it } from 'vitest';
import { createConnector } from '../../../src/connectors/factory.ts';
import type { ConnectorRecord } from '../../../src/store/types.ts';

function cmpp(settings: Record<string, unknown>): ConnectorRecord {
  return { id: 'cm', type: 'cmpp', name: 'cm', enabled: true, settings: { host: 'ismg', spId: '901234', secret: 's', srcId: '10690001', ...settings }, createdAt: 0, updatedAt: 0 };
}

describe('CMPP lane settings', () => {
  it('keeps a window of messages in flight per connection, and groupSend.max times that with group send', () => {
    expect(createConnector(cmpp({ window: 16, connections: 2 })).lane).toEqual({ tps: 0, maxInFlight: 32 });
    // One SUBMIT in the window carries up to max messages: the lane must hand over enough to fill the groups.
    expect(createConnector(cmpp({ window: 16, connections: 2, groupSend: { max: 50 } })).lane).toEqual({ tps: 0, maxInFlight: 1600 });
  });
});
