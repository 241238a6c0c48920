// Public surface of the SMGP upstream connector.
export { SmgpConnector, type SmgpConnectorStats } from './connector.ts';
export { parseSmgpSettings, type SmgpConnectorSettings } from './settings.ts';
