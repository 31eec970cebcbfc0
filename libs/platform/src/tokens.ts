// Injection tokens shared by the feature modules. Which adapter stands behind each token is
// decided by configuration in StorageModule, never by the features.
export const CRM_CONFIG = Symbol('CRM_CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_STORE = Symbol('READ_STORE');
export const CLOCK = Symbol('CLOCK');
/** The PersonalDataVault: seals events before append, opens them before any read (crypto-shredding). */
export const PERSONAL_DATA = Symbol('PERSONAL_DATA');

/** The only clock in the system; the domain gets its readings as arguments. */
export interface Clock {
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };

/**
 * The Kafka messaging of distributed mode, or null when KAFKA_BROKERS is unset (embedded mode).
 * Features inject it as the messaging port, plus the adapter's lag where they report lag.
 */
export const MESSAGING = Symbol('MESSAGING');
