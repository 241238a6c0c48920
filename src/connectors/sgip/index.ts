// Public surface of the SGIP upstream connector.
export { SgipConnector, type SgipConnectorStats } from './connector.ts';
export { parseSgipSettings, type SgipConnectorSettings, type SgipListenSettings } from './settings.ts';
