// Builds a connector from its stored record, with the lane settings that follow from it.
import type { Connector } from '../core/connector.ts';
import type { LaneSettings } from '../core/gateway.ts';
import type { ConnectorRecord } from '../store/types.ts';
import { CmppConnector } from './cmpp/connector.ts';
import { parseCmppSettings } from './cmpp/settings.ts';
import { SgipConnector } from './sgip/connector.ts';
import { parseSgipSettings } from './sgip/settings.ts';
import { SimulatorConnector } from './simulator/connector.ts';
import { parseSimulatorSettings } from './simulator/settings.ts';
import { SmgpConnector } from './smgp/connector.ts';
import { parseSmgpSettings } from './smgp/settings.ts';
import { SmppConnector } from './smpp/connector.ts';
import { parseSmppSettings } from './smpp/settings.ts';

export function createConnector(record: ConnectorRecord): { connector: Connector; lane: LaneSettings } {
  switch (record.type) {
    case 'smpp': {
      const settings = parseSmppSettings(record.settings);
      // The connector applies TPS per PDU itself; the lane only bounds what is in flight.
      return { connector: new SmppConnector(record.id, record.settings), lane: { tps: 0, maxInFlight: settings.window * settings.binds } };
    }
    case 'cmpp': {
      const settings = parseCmppSettings(record.settings);
      // As for SMPP: the connector applies TPS per SUBMIT itself; the lane only bounds what is in flight.
      // With group send a window slot carries up to groupSend.max messages: the lane must hand over enough to fill them.
      const perSlot = settings.groupSend?.max ?? 1;
      return { connector: new CmppConnector(record.id, record.settings), lane: { tps: 0, maxInFlight: settings.window * settings.connections * perSlot } };
    }
    case 'smgp': {
      const settings = parseSmgpSettings(record.settings);
      // As for SMPP: TPS is applied per Submit by the connector, the lane bounds what is in flight.
      return { connector: new SmgpConnector(record.id, record.settings), lane: { tps: 0, maxInFlight: settings.window * settings.binds } };
    }
    case 'sgip': {
      const settings = parseSgipSettings(record.settings);
      // As for SMPP: TPS is applied per Submit by the connector, the lane bounds what is in flight.
      return { connector: new SgipConnector(record.id, record.settings), lane: { tps: 0, maxInFlight: settings.window * settings.connections } };
    }
    case 'simulator': {
      const settings = parseSimulatorSettings(record.settings);
      return { connector: new SimulatorConnector(record.id, record.settings), lane: { tps: settings.tps, maxInFlight: 5000 } };
    }
  }
}
