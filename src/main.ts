// The only place that wires concrete classes together: store, gateway core, connectors, SMPP and
// CMPP ingress, HTTP API and console.
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './api/app.ts';
import { SessionTokens } from './api/principal.ts';
import { AUDIT_RETENTION_DAYS, type Config } from './config/schema.ts';
import { seedStore, type SeedReport } from './config/seed.ts';
import { BackupFolder, backupSettings } from './backup/backup-folder.ts';
import { applyStagedRestore } from './backup/staged-restore.ts';
import { createConnector } from './connectors/factory.ts';
import { LoginThrottle } from './core/auth/login-throttle.ts';
import { newSecret } from './core/auth/secrets.ts';
import { newId } from './core/ids.ts';
import { listAudience } from './core/campaigns/audience.ts';
import { groupAudience } from './core/campaigns/group-audience.ts';
import { CampaignScheduler } from './core/campaigns/campaign-scheduler.ts';
import { BillingBook } from './core/billing/billing-book.ts';
import { billingStage } from './core/billing/billing-stage.ts';
import { raiseLowBalance } from './core/billing/low-balance-alert.ts';
import { CarrierBook } from './core/carriers/carrier-book.ts';
import { Gateway } from './core/gateway.ts';
import { NumberNormalizer } from './core/numbers.ts';
import { policyStages } from './core/pipeline.ts';
import { SensitiveWordBook } from './core/policy/sensitive-word-book.ts';
import { sensitiveWordStage } from './core/policy/sensitive-word-stage.ts';
import { BlacklistBook } from './core/policy/blacklist-book.ts';
import { blacklistStage } from './core/policy/blacklist-stage.ts';
import { OptOut } from './core/opt-out.ts';
import { MessageComposer } from './core/templates/message-composer.ts';
import { TemplateBook } from './core/templates/template-book.ts';
import { FailureTableBook } from './core/stats/failure-table-book.ts';
import { StatsRollup } from './core/stats/stats-rollup.ts';
import { ComplianceBook } from './core/compliance/compliance-book.ts';
import { consentStage } from './core/compliance/consent-stage.ts';
import { FrequencyLimiter, REBUILD_MS } from './core/compliance/frequency-limiter.ts';
import { rebuildFrequencyCounters } from './core/compliance/rebuild-counters.ts';
import { sendingHoursStage } from './core/compliance/sending-hours-stage.ts';
import { ingressAccountsFromStore } from './ingress/ingress-accounts.ts';
import { CmppIngress } from './ingress/cmpp-server.ts';
import { cmppSpMessagesFromStore } from './ingress/cmpp-sp-messages.ts';
import { SmppIngress } from './ingress/smpp-server.ts';
import { createLogger } from './observability/logger.ts';
import { createMetrics } from './observability/metrics.ts';
import { countSegments } from './protocols/encoding/split.ts';
import { openStore } from './store/open-store.ts';
import { ContactImporter } from './core/contacts/contact-importer.ts';
import type { ConnectorRecord, Store } from './store/types.ts';
import type { CountryCode } from 'libphonenumber-js';

export interface Platform {
  config: Config;
  store: Store;
  gateway: Gateway;
  http: FastifyInstance;
  smpp: SmppIngress | null;
  cmpp: CmppIngress | null;
  httpUrl: string;
  smppPort: number | null;
  cmppPort: number | null;
  seed: SeedReport;
  logger: Logger;
  campaigns: CampaignScheduler;
  stop(): Promise<void>;
}

/** How often each node checks the carrier tables for changes made through another node. */
const CARRIER_RELOAD_MS = 30_000;
/** How often each node polls the sensitive-word list versions (one small query); edits here apply at once. */
const SENSITIVE_WORDS_POLL_MS = 5_000;

/** How often each node looks for failed billed messages whose refund a crash lost. */
const BILLING_SWEEP_MS = 60_000;

const WEB_ROOT = fileURLToPath(new URL('../web/dist', import.meta.url));

export async function startPlatform(config: Config, logger: Logger = createLogger(config.log.level)): Promise<Platform> {
  const backups = new BackupFolder(backupSettings(config));
  // Before anything opens the store: a restore staged from the console replaces the data now, or not at all.
  const restored = await applyStagedRestore(backups.settings, logger);
  const store = await openStore(config.database.url, {
    thread: config.database.thread,
    checkpointInBackground: true,
    onCheckpointError: (message) => logger.warn({ err: message }, 'WAL checkpoint failed; the next one tries again'),
  });
  await store.migrate();
  if (restored) {
    const { ok, fileName, stagedBy, error, safetyBackup, schemaVersion } = restored;
    await store.audit.append([
      { id: newId(), at: Date.now(), actor: stagedBy, accountId: null, action: ok ? 'backup.restore_applied' : 'backup.restore_failed', target: fileName, detail: { schemaVersion, safetyBackup, error }, ip: null },
    ]);
  }
  const seed = await seedStore(store, config);

  const measure = (text: string) => {
    const count = countSegments(text);
    return { encoding: count.encoding, segments: count.segments };
  };
  const numbers = new NumberNormalizer(config.messages.defaultCountry as CountryCode);
  const carriers = new CarrierBook(store.carriers);
  await carriers.reload();
  const sensitiveWords = new SensitiveWordBook(store.sensitiveWords);
  await sensitiveWords.refresh();
  const blacklist = new BlacklistBook(store.blacklist);
  await blacklist.refresh();
  const templates = new TemplateBook(store);
  const billing = new BillingBook({
    repo: store.billing,
    carrierOf: carriers.carrierOf,
    countryOf: (e164) => numbers.countryOf(e164),
    onLowBalance: (accountId, balance, threshold) => {
      raiseLowBalance(store, accountId, balance, threshold, Date.now()).catch((error: Error) => logger.warn({ err: error.message, accountId }, 'low-balance alert failed'));
    },
    onError: (error) => logger.warn({ err: error.message }, 'billing refund failed; retrying'),
  });
  await billing.refresh();
  const compliance = new ComplianceBook(store.compliance);
  await compliance.refresh(true);
  const frequency = new FrequencyLimiter(compliance);
  const rebuilt = await rebuildFrequencyCounters(store.compliance, frequency, Date.now() - REBUILD_MS);
  logger.debug({ messages: rebuilt }, 'frequency counters rebuilt');
  const optOut = new OptOut({
    store,
    numbers,
    onChange: () => blacklist.refresh(),
    confirmation: config.messages.optOutConfirmation ?? '您已成功退订',
  });
  const gateway = new Gateway({
    store,
    numbers,
    measure,
    validitySeconds: config.messages.validityHours * 3600,
    maxSegments: config.messages.maxSegments,
    maxRecipients: 10_000,
    composer: new MessageComposer(templates, config.messages.signatureEnforcement ?? 'auto'),
    stages: policyStages({
      compliance: blacklistStage(blacklist),
      consent: consentStage(compliance, store.compliance),
      content: sensitiveWordStage(sensitiveWords),
      frequency: frequency.stage(),
      hours: sendingHoursStage(compliance),
      billing: billingStage(billing),
    }),
    optOut,
    receiptTimeoutMs: config.messages.receiptTimeoutHours * 3600_000,
    retentionMs: config.messages.retentionDays * 86_400_000,
    auditRetentionMs: (config.audit?.retentionDays ?? AUDIT_RETENTION_DAYS) * 86_400_000,
    inflightPolicy: config.messages.inflightPolicy,
    carrierOf: carriers.carrierOf,
    onReserved: (reserved, written) => billing.reserved(reserved, written),
    // A receipt saying "ported" (LT:0036, NP:*) teaches an override; after commit, off the receipt path.
    onFinal: (messages) => {
      // 失败返还: failed messages get their reservation back (batched; idempotent per message in the store).
      billing.settle(messages);
      carriers.learnFromFinal(messages).catch((error: Error) => logger.warn({ err: error.message }, 'learning ported numbers failed'));
    },
    onLaneStoreError: (connectorId, error, retryInMs) => logger.error({ connector: connectorId, err: (error as Error).message, retryInMs }, 'storing send outcomes failed; trying again'),
  });

  const addConnector = (record: ConnectorRecord) => {
    const { connector, lane } = createConnector(record);
    connector.on('state', (state: string) => logger.info({ connector: record.id, state }, 'connector state'));
    gateway.addConnector(connector, lane);
    return connector;
  };
  /** Brings a running connector in line with its stored record (admin API changes). */
  const applyConnector = async (id: string) => {
    if (gateway.connectors.has(id)) await gateway.removeConnector(id);
    const record = await store.connectors.get(id);
    if (!record || !record.enabled) return;
    const connector = addConnector(record);
    void connector.start().catch((error: Error) => logger.warn({ connector: id, err: error.message }, 'connector start failed'));
    gateway.lanes.get(id)?.start();
  };
  for (const record of await store.connectors.list()) if (record.enabled) addConnector(record);

  // One count of failed logins per client address, whichever door they came through (console, Kannel, SMPP, CMPP).
  const loginThrottle = new LoginThrottle();
  let smpp: SmppIngress | null = null;
  if (config.smpp.enabled) {
    smpp = new SmppIngress({ intake: gateway.intake, accounts: ingressAccountsFromStore(store), loginThrottle, window: config.smpp.window });
    gateway.setSmppDelivery(smpp);
  }
  let cmpp: CmppIngress | null = null;
  if (config.cmpp.enabled) {
    cmpp = new CmppIngress({ intake: gateway.intake, accounts: ingressAccountsFromStore(store), messages: cmppSpMessagesFromStore(store, billing), loginThrottle, window: config.cmpp.window });
    gateway.setCmppDelivery(cmpp);
  }
  await gateway.start();

  const normalizeNumber = (input: string) => {
    const checked = numbers.normalize(input);
    return checked.ok ? checked.e164 : null;
  };
  const campaigns = new CampaignScheduler({
    store,
    intake: gateway.intake,
    normalize: normalizeNumber,
    audience: (campaign, run) => (campaign.audience.kind !== 'list' ? groupAudience(store, campaign, run) : listAudience(store, campaign)),
    owner: `${hostname()}:${process.pid}:${newSecret(4)}`,
    onError: (error) => logger.warn({ err: error.message }, 'campaign run failed'),
  });
  campaigns.start();

  let sessionSecret = await store.settings.get('session_secret');
  if (!sessionSecret) {
    sessionSecret = newSecret(32);
    await store.settings.set('session_secret', sessionSecret);
  }
  const failureTable = new FailureTableBook(store.settings);
  await failureTable.refresh();
  const statsRollup = new StatsRollup({
    store,
    carrierOf: carriers.carrierOf,
    classifier: async () => {
      await failureTable.refresh();
      return failureTable.classify;
    },
    holder: `${hostname()}:${process.pid}:${newSecret(4)}`,
  });
  const rollupSeconds = config.stats?.rollupIntervalSeconds ?? 60;
  if (rollupSeconds > 0) statsRollup.start(rollupSeconds * 1000, (error) => logger.warn({ err: error.message }, 'statistics rollup failed'));

  const metrics = createMetrics(gateway, store);
  const contactImports = new ContactImporter(store.contacts, (input) => {
    const checked = numbers.normalize(input);
    return checked.ok ? checked.e164 : null;
  }, { onError: (error, jobId) => logger.warn({ err: error instanceof Error ? error.message : String(error), jobId }, 'contact import failed') });
  // Imports a dead process left running (crash, kill -9) are failed now, and any another node leaves later.
  await contactImports.watch();
  const http = await buildApp(
    {
      store,
      normalizeNumber,
      campaigns: { tick: () => campaigns.tick() },
      gateway,
      sessions: new SessionTokens(sessionSecret),
      metrics: metrics.registry,
      preview: (text) => {
        const count = countSegments(text);
        return { encoding: count.encoding, segments: count.segments, length: count.unitsUsed, perSegment: count.unitsPerSegment, remainingInSegment: count.charsRemainingInSegment };
      },
      connectorAdmin: { apply: applyConnector },
      carriers,
      sensitiveWords,
      blacklist,
      templates,
      contactImports,
      loginThrottle,
      billing,
      failureTable,
      statsRollup,
      statsTimeZone: config.stats?.timeZone,
      compliance,
      backups,
      webRoot: WEB_ROOT,
    },
    logger,
  );
  http.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe({ method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  const httpUrl = await http.listen({ host: config.http.host, port: config.http.port });
  const smppAddress = smpp ? await smpp.listen(config.smpp.port, config.smpp.host) : null;
  const cmppAddress = cmpp ? await cmpp.listen(config.cmpp.port, config.cmpp.host) : null;
  logger.info({ http: httpUrl, smpp: smppAddress?.port ?? null, cmpp: cmppAddress?.port ?? null, database: store.kind }, 'kuaixin started');

  // Another node may change the tables (shared PostgreSQL); this node's own API changes apply at once.
  // refresh() reads a stamp and re-reads the tables only when it moved.
  const carrierRefresh = setInterval(() => {
    carriers.refresh().catch((error: Error) => logger.warn({ err: error.message }, 'carrier table reload failed'));
  }, CARRIER_RELOAD_MS);
  carrierRefresh.unref();
  const wordRefresh = setInterval(() => {
    sensitiveWords.refresh().catch((error: Error) => logger.warn({ err: error.message }, 'sensitive-word reload failed'));
  }, SENSITIVE_WORDS_POLL_MS);
  wordRefresh.unref();
  // Blacklist edits on another node (or carrier imports) reach this node within one poll.
  const blacklistRefresh = setInterval(() => {
    blacklist.refresh().catch((error: Error) => logger.warn({ err: error.message }, 'blacklist reload failed'));
  }, SENSITIVE_WORDS_POLL_MS);
  blacklistRefresh.unref();
  // Other nodes' reservations, refunds and top-ups reach this node's cached balances here.
  const billingRefresh = setInterval(() => {
    billing.refresh().catch((error: Error) => logger.warn({ err: error.message }, 'billing reload failed'));
  }, SENSITIVE_WORDS_POLL_MS);
  billingRefresh.unref();
  // Refunds a crash lost between a failure's commit and its refund's (also right after start).
  const billingSweep = setInterval(() => {
    billing.sweep().catch((error: Error) => logger.warn({ err: error.message }, 'billing refund sweep failed'));
  }, BILLING_SWEEP_MS);
  billingSweep.unref();
  void billing.sweep().catch((error: Error) => logger.warn({ err: error.message }, 'billing refund sweep failed'));
  const complianceRefresh = setInterval(() => {
    compliance.refresh().catch((error: Error) => logger.warn({ err: error.message }, 'compliance settings reload failed'));
  }, SENSITIVE_WORDS_POLL_MS);
  complianceRefresh.unref();

  let stopped: Promise<void> | null = null;
  return {
    config,
    store,
    gateway,
    http,
    smpp,
    cmpp,
    httpUrl,
    smppPort: smppAddress?.port ?? null,
    cmppPort: cmppAddress?.port ?? null,
    seed,
    logger,
    campaigns,
    stop() {
      stopped ??= (async () => {
        clearInterval(carrierRefresh);
        clearInterval(wordRefresh);
        clearInterval(blacklistRefresh);
        clearInterval(billingRefresh);
        clearInterval(billingSweep);
        await statsRollup.stop();
        clearInterval(complianceRefresh);
        await http.close();
        await contactImports.stop();
        await smpp?.close();
        await cmpp?.close();
        // Runs save their page and are handed back before intake and the lanes stop.
        await campaigns.stop();
        await gateway.stop();
        await billing.flush();
        await store.close();
        logger.info('kuaixin stopped');
      })();
      return stopped;
    },
  };
}
