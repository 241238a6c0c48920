// Public surface of the SMPP upstream connector.
export { SmppConnector, type SmppConnectorStats } from './connector.ts';
export { parseSmppSettings, type SmppConnectorSettings } from './settings.ts';
