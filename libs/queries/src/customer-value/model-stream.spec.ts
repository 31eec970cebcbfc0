import type { CustomerValueModelFitted, RecordedEvent } from '@ledger/domain';
import { customerAnalyticsProjection, lifecycleProjection, operationalViewProjection } from '@ledger/projections';
import { MODEL_STREAM, modelInForce, modelOf, purchasesOf } from './model-stream';

let position = 0;
function fitted(asOf: string, modelId: string): RecordedEvent {
  position += 1;
  const data: CustomerValueModelFitted['data'] = {
    modelId,
    asOf,
    libraryVersion: '1.0.0',
    populationSize: 10,
    repeatBuyers: 4,
    logLikelihood: { bgNbd: -50, gammaGamma: -20 },
    bgNbd: { r: 0.25, alpha: 4.8, a: 0.72, b: 2.2 },
    bgNbdCovariance: [[1]],
    gammaGamma: { p: 6, q: 3.6, v: 15 },
    gammaGammaCovariance: [[1]],
    occurredAt: '2026-12-05T10:00:00.000Z',
  };
  return {
    eventId: modelId,
    type: 'CustomerValueModelFitted',
    schemaVersion: 1,
    data,
    metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: 'admin:x', channel: 'api' },
    streamId: MODEL_STREAM,
    revision: position - 1,
    position,
    recordedAt: '2026-12-05T10:00:00.000Z',
  };
}

describe('the model in force', () => {
  const log = [
    fitted('2025-06-30T23:59:59.999Z', 'june'),
    fitted('2025-03-31T23:59:59.999Z', 'march'),
    fitted('2025-06-30T23:59:59.999Z', 'june-again'),
  ];
  const at = (iso: string) => modelInForce(log, Date.parse(iso))?.data.modelId ?? null;

  it('is the fit with the latest cut-off at or before the instant, the later fit of equal cut-offs', () => {
    expect(at('2025-03-01T00:00:00Z')).toBeNull();
    expect(at('2025-04-15T00:00:00Z')).toBe('march');
    expect(at('2025-06-30T23:59:59.999Z')).toBe('june-again');
    expect(at('2027-01-01T00:00:00Z')).toBe('june-again');
  });

  it('carries everything a forecast needs', () => {
    expect(modelOf((log[0] as RecordedEvent<CustomerValueModelFitted>).data)).toMatchObject({
      bgNbd: { r: 0.25 },
      repeatBuyers: 4,
    });
  });

  it('is no customer fact: customer read models skip it', () => {
    for (const projection of [lifecycleProjection, operationalViewProjection, customerAnalyticsProjection]) {
      expect(projection.keysOf(log[0])).toEqual([]);
    }
  });

  it('reads purchases in business time, gross', () => {
    expect(purchasesOf({ purchases: [['2025-01-02T10:00:00.000Z', 12.5, 'e1']] })).toEqual([
      [Date.parse('2025-01-02T10:00:00.000Z'), 12.5],
    ]);
  });
});
