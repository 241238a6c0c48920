// The one configuration schema: defaults < config file (YAML or JSON) < environment.
import { Type, type Static } from '@sinclair/typebox';
import { CARRIERS } from '../core/carriers/carrier.ts';
import { CONNECTOR_TYPES } from '../store/types.ts';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' });

export const AccountConfig = Type.Object(
  {
    id: Id,
    name: Type.Optional(Type.String()),
    apiKeys: Type.Optional(Type.Array(Type.String({ minLength: 8 }))),
    smpp: Type.Optional(
      Type.Array(
        Type.Object(
          { systemId: Type.String({ minLength: 1, maxLength: 15 }), password: Type.String({ minLength: 1, maxLength: 8 }), maxBinds: Type.Optional(Type.Integer({ minimum: 1 })), ipAllowlist: Type.Optional(Type.Array(Type.String())) },
          { additionalProperties: false },
        ),
      ),
    ),
    /** CMPP logins of SPs connecting to our CMPP port: SP_Id (Source_Addr) and shared secret. */
    cmpp: Type.Optional(
      Type.Array(
        Type.Object(
          {
            spId: Type.String({ minLength: 1, maxLength: 6 }),
            secret: Type.String({ minLength: 1 }),
            maxConnections: Type.Optional(Type.Integer({ minimum: 1 })),
            ipAllowlist: Type.Optional(Type.Array(Type.String())),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    callbackUrl: Type.Optional(Type.String()),
    tps: Type.Optional(Type.Integer({ minimum: 0 })),
    /** MO for these destination numbers or prefixes goes to this account. */
    moNumbers: Type.Optional(Type.Array(Type.String({ pattern: '^\\+?\\d+$' }))),
  },
  { additionalProperties: false },
);

/** Connector settings stay open here; each connector type validates its own. */
export const ConnectorConfig = Type.Intersect([
  Type.Object({ id: Id, type: Type.Union(CONNECTOR_TYPES.map((type) => Type.Literal(type))), name: Type.Optional(Type.String()), enabled: Type.Optional(Type.Boolean()) }),
  Type.Record(Type.String(), Type.Unknown()),
]);

export const RouteConfig = Type.Object(
  {
    id: Type.Optional(Id),
    name: Type.Optional(Type.String()),
    connectors: Type.Array(Type.Union([Type.String(), Type.Object({ id: Type.String(), weight: Type.Integer({ minimum: 0 }) })]), { minItems: 1 }),
    strategy: Type.Optional(Type.Union([Type.Literal('static'), Type.Literal('round_robin'), Type.Literal('failover')])),
    accounts: Type.Optional(Type.Array(Type.String())),
    prefixes: Type.Optional(Type.Array(Type.String())),
    regex: Type.Optional(Type.String()),
    senders: Type.Optional(Type.Array(Type.String())),
    carriers: Type.Optional(Type.Array(Type.Union(CARRIERS.map((c) => Type.Literal(c))))),
    tags: Type.Optional(Type.Array(Type.String())),
    priorities: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 2 }))),
    timeWindow: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const ConfigSchema = Type.Object(
  {
    http: Type.Object({ host: Type.String(), port: Type.Integer({ minimum: 0, maximum: 65535 }) }, { additionalProperties: false }),
    smpp: Type.Object(
      {
        enabled: Type.Boolean(),
        host: Type.String(),
        port: Type.Integer({ minimum: 0, maximum: 65535 }),
        /** deliver_sm (receipts, MO) a customer's bind may have unanswered; 512 when not given. */
        window: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
      },
      { additionalProperties: false },
    ),
    /** CMPP 2.0/3.0 for SP customers (the platform as their ISMG); the version follows each CONNECT. */
    cmpp: Type.Object(
      {
        enabled: Type.Boolean(),
        host: Type.String(),
        port: Type.Integer({ minimum: 0, maximum: 65535 }),
        /** DELIVERs (reports, MO) an SP's connection may have unanswered; CMPP's customary 16 when not given. */
        window: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
      },
      { additionalProperties: false },
    ),
    database: Type.Object(
      {
        url: Type.String({ minLength: 1 }),
        /**
         * SQLite: run the store in its own worker thread, so SQLite and the protocols work on different
         * cores. Off by default: on two cores it measured no clear gain and ~100 MB more resident memory.
         */
        thread: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
    log: Type.Object({ level: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))) }, { additionalProperties: false }),
    messages: Type.Object(
      {
        defaultCountry: Type.String({ minLength: 2, maxLength: 2 }),
        validityHours: Type.Number({ exclusiveMinimum: 0 }),
        receiptTimeoutHours: Type.Number({ exclusiveMinimum: 0 }),
        retentionDays: Type.Number({ exclusiveMinimum: 0 }),
        maxSegments: Type.Integer({ minimum: 1, maximum: 255 }),
        inflightPolicy: Type.Union([Type.Literal('resubmit'), Type.Literal('review')]),
        /** Text sent to a number that replied an opt-out keyword (default "您已成功退订"; "" sends none). */
        optOutConfirmation: Type.Optional(Type.String({ maxLength: 500 })),
        /**
         * Signature enforcement for plain texts: auto (default) = accounts with an approved signature must
         * send under one (the default is prefixed); always = every account; off = texts pass unchanged.
         */
        signatureEnforcement: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('always'), Type.Literal('off')])),
      },
      { additionalProperties: false },
    ),
    admin: Type.Object({ username: Type.String({ minLength: 1 }), password: Type.Optional(Type.String({ minLength: 8 })) }, { additionalProperties: false }),
    /** Create a demo account wired to the simulator on first start when nothing else is configured. */
    demo: Type.Boolean(),
    accounts: Type.Array(AccountConfig),
    connectors: Type.Array(ConnectorConfig),
    routes: Type.Array(RouteConfig),
    /** The audit log: entries older than retentionDays (default 365) are purged by housekeeping, in small batches. */
    audit: Type.Optional(Type.Object({ retentionDays: Type.Optional(Type.Number({ exclusiveMinimum: 0 })) }, { additionalProperties: false })),
    /**
     * Backups taken from the console: kept in dir (default: a "backups" folder beside the SQLite file, or
     * ./data/backups for PostgreSQL), the newest `keep` of them (default 10); uploads for restore up to maxUploadMb.
     */
    backup: Type.Optional(
      Type.Object(
        { dir: Type.Optional(Type.String({ minLength: 1 })), keep: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), maxUploadMb: Type.Optional(Type.Integer({ minimum: 1 })) },
        { additionalProperties: false },
      ),
    ),
    /** Statistics: the zone reports bucket days/weeks/months in (default Asia/Shanghai), and how often the hourly rollup runs (0 = only on demand). */
    stats: Type.Optional(
      Type.Object(
        { timeZone: Type.Optional(Type.String({ minLength: 1 })), rollupIntervalSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Default age past which audit entries are purged. */
export const AUDIT_RETENTION_DAYS = 365;

export type Config = Static<typeof ConfigSchema>;
export type AccountConfig = Static<typeof AccountConfig>;
export type ConnectorConfig = Static<typeof ConnectorConfig>;
export type RouteConfig = Static<typeof RouteConfig>;

export const DEFAULTS: Config = {
  http: { host: '127.0.0.1', port: 8080 },
  smpp: { enabled: true, host: '127.0.0.1', port: 2775 },
  // Off unless asked for: only SPs given CMPP logins (accounts[].cmpp) can use it. 7890: cmpp.md 1.
  cmpp: { enabled: false, host: '127.0.0.1', port: 7890 },
  database: { url: 'sqlite:./data/kuaixin.db', thread: false },
  log: { level: 'info' },
  messages: { defaultCountry: 'CN', validityHours: 48, receiptTimeoutHours: 72, retentionDays: 180, maxSegments: 20, inflightPolicy: 'resubmit' },
  admin: { username: 'admin' },
  demo: true,
  accounts: [],
  connectors: [],
  routes: [],
};
