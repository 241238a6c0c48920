// Public surface of the CMPP upstream connector.
export { CmppConnector, type CmppConnectorStats } from './connector.ts';
export { parseCmppSettings, type CmppConnectorSettings } from './settings.ts';
