// Public surface of the built-in simulator connector.
export { SimulatorConnector, type SimulatorStats, type SimulatorOptions } from './connector.ts';
export { parseSimulatorSettings, type SimulatorSettings } from './settings.ts';
