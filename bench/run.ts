// `npm run bench [-- name ...]`: runs the benchmark scenarios, one JSON line each on stdout.
import { campaignMillionScenario } from './scenarios/campaign-million.ts';
import { cmppInScenario } from './scenarios/cmpp-in.ts';
import { codecScenario } from './scenarios/codec.ts';
import { contactsImportScenario } from './scenarios/contacts-import.ts';
import { gatewayCmppScenario } from './scenarios/gateway-cmpp.ts';
import { gatewaySmgpScenario } from './scenarios/gateway-smgp.ts';
import { gatewaySgipScenario } from './scenarios/gateway-sgip.ts';
import { gatewaySmppScenario } from './scenarios/gateway-smpp.ts';
import { gatewaySmppUpstreamScenario } from './scenarios/gateway-smpp-upstream.ts';
import { httpIntakeScenario } from './scenarios/http-intake.ts';
import { queueMillionScenario } from './scenarios/queue-million.ts';
import { sensitiveWordsScenario } from './scenarios/sensitive-words.ts';
import { smppLoopbackScenario } from './scenarios/smpp-loopback.ts';
import { statsRollupScenario } from './scenarios/stats-rollup.ts';
import { storeScenario } from './scenarios/store.ts';

const scenarios: Record<string, () => Promise<Record<string, unknown>[]>> = {
  codec: codecScenario,
  'smpp-loopback': smppLoopbackScenario,
  store: storeScenario,
  'gateway-smpp': gatewaySmppScenario,
  'gateway-smpp-upstream': gatewaySmppUpstreamScenario,
  'gateway-cmpp': gatewayCmppScenario,
  'cmpp-in': cmppInScenario,
  'gateway-smgp': gatewaySmgpScenario,
  'gateway-sgip': gatewaySgipScenario,
  'http-intake': httpIntakeScenario,
  'queue-million': queueMillionScenario,
  'campaign-million': campaignMillionScenario,
  'sensitive-words': sensitiveWordsScenario,
  'contacts-import': contactsImportScenario,
  'stats-rollup': statsRollupScenario,
};

const selected = process.argv.slice(2);
const unknown = selected.filter((name) => !(name in scenarios));
if (unknown.length > 0) {
  process.stderr.write(`unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(scenarios).join(', ')}\n`);
  process.exit(2);
}
for (const name of selected.length > 0 ? selected : Object.keys(scenarios)) {
  for (const result of await scenarios[name]()) {
    process.stdout.write(`${JSON.stringify({ scenario: name, ...result, node: process.version, at: new Date().toISOString() })}\n`);
  }
}
