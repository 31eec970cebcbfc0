// Distributed mode is chosen by configuration alone: each server by its own variable.
import { ConfigError, loadConfig } from './crm-config';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('configuration: embedded or distributed', () => {
  it('is embedded when no server is configured', () => {
    expect(loadConfig({})).toMatchObject({ eventStore: null, mongodb: null, kafka: null });
  });

  it('reads each distributed part from its own variable, with defaults', () => {
    const config = loadConfig({
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      MONGODB_URI: 'mongodb://127.0.0.1:27017/',
      KAFKA_BROKERS: 'k1:9092, k2:9092',
    });
    expect(config.eventStore).toEqual({ connectionString: 'esdb://localhost:2113?tls=false' });
    expect(config.mongodb).toEqual({ uri: 'mongodb://127.0.0.1:27017/', database: 'ledger' });
    expect(config.kafka).toEqual({
      brokers: ['k1:9092', 'k2:9092'],
      topic: 'crm.customer-events',
      logTopic: 'crm.log',
      partitions: 6,
      groupPrefix: 'ledger-projection',
      partitionsAtOnce: 3,
    });
  });

  it('takes the database, topics and partitions when given', () => {
    const config = loadConfig({
      MONGODB_URI: 'mongodb://m/',
      MONGODB_DATABASE: 'crm',
      KAFKA_BROKERS: 'k:9092',
      CRM_KAFKA_TOPIC: 'events',
      CRM_KAFKA_LOG_TOPIC: 'log',
      CRM_KAFKA_PARTITIONS: '12',
      CRM_KAFKA_PARTITIONS_AT_ONCE: '1',
    });
    expect(config.mongodb?.database).toBe('crm');
    expect(config.kafka).toMatchObject({ topic: 'events', logTopic: 'log', partitions: 12, partitionsAtOnce: 1 });
  });

  it('takes the actor-label key only when it is long enough', () => {
    expect(loadConfig({}).actorLabelKey).toBeNull();
    expect(loadConfig({ CRM_ACTOR_LABEL_KEY: 'sixteen-chars-ok' }).actorLabelKey).toBe('sixteen-chars-ok');
    expect(() => loadConfig({ CRM_ACTOR_LABEL_KEY: 'too-short' })).toThrow(/CRM_ACTOR_LABEL_KEY: must be at least 16/);
  });

  it('fits customer-value models on a schedule only when CRM_VALUE_FIT_INTERVAL is set', () => {
    expect(loadConfig({}).valueFitIntervalMs).toBeNull();
    expect(loadConfig({ CRM_VALUE_FIT_INTERVAL: 'off' }).valueFitIntervalMs).toBeNull();
    expect(loadConfig({ CRM_VALUE_FIT_INTERVAL: '7d' }).valueFitIntervalMs).toBe(7 * 86_400_000);
    expect(loadConfig({ CRM_VALUE_FIT_INTERVAL: '90m' }).valueFitIntervalMs).toBe(90 * 60_000);
    for (const bad of ['7', '0d', '1.5h', 'weekly', '400d']) {
      expect(() => loadConfig({ CRM_VALUE_FIT_INTERVAL: bad })).toThrow(/CRM_VALUE_FIT_INTERVAL/);
    }
  });

  it('refuses bad values, naming the variable', () => {
    expect(() => loadConfig({ KAFKA_BROKERS: 'no-port' })).toThrow(/KAFKA_BROKERS/);
    expect(() => loadConfig({ KAFKA_BROKERS: 'k:1', CRM_KAFKA_PARTITIONS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ KAFKA_BROKERS: 'k:1', CRM_KAFKA_LOG_TOPIC: 'crm.customer-events' })).toThrow(
      /CRM_KAFKA_LOG_TOPIC/,
    );
  });
});

describe('configuration: sales limits in the policy file', () => {
  const withPolicy = (policy: unknown): string => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-policy-'));
    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify(policy));
    return file;
  };

  it('defaults to limits that fit real shop exports', () => {
    expect(loadConfig({}).policy.sales).toEqual({
      maxLinesPerOrder: 10_000,
      maxQuantity: 1_000_000,
      unitPriceDecimals: 4,
      maxSkuLength: 64,
    });
  });

  it('takes limits from CRM_POLICY_FILE, keeping the defaults it does not name', () => {
    const config = loadConfig({ CRM_POLICY_FILE: withPolicy({ sales: { maxLinesPerOrder: 50 } }) });
    expect(config.policy.sales).toMatchObject({ maxLinesPerOrder: 50, unitPriceDecimals: 4 });
  });

  it('refuses a limit out of range, naming it', () => {
    expect(() => loadConfig({ CRM_POLICY_FILE: withPolicy({ sales: { unitPriceDecimals: 9 } }) })).toThrow(
      /sales.unitPriceDecimals/,
    );
  });
});
