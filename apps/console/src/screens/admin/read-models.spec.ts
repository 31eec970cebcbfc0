import { erasureConfirmed, pollInterval, readModelRows } from './read-models';

describe('read-model status', () => {
  it('shows position, lag and how far each model has caught up', () => {
    const rows = readModelRows({
      eventLogHead: 200,
      readModels: [
        {
          name: 'operational-view',
          version: 3,
          checkpoint: 200,
          eventsBehind: 0,
          status: 'running',
          error: null,
          since: null,
          failedPosition: null,
          retry: null,
          rebuild: null,
        },
        {
          name: 'kpis',
          version: 1,
          checkpoint: 150,
          eventsBehind: 50,
          status: 'running',
          error: null,
          since: null,
          failedPosition: null,
          retry: null,
          rebuild: { state: 'running', startedAt: 't', processedUpTo: 10, target: 200, percent: 5 },
        },
      ],
    });
    expect(rows.map((r) => [r.name, r.position, r.lag, r.caughtUp])).toEqual([
      ['operational-view', 200, 0, 100],
      ['kpis', 150, 50, 75],
    ]);
    expect(rows[0].health).toMatchObject({ status: 'running', error: null });
    expect(pollInterval(rows)).toBe(500);
    expect(pollInterval(rows.slice(0, 1))).toBe(3000);
  });

  it('reads the distributed answer (consumer lag, no checkpoint)', () => {
    const [row] = readModelRows({
      eventLogHead: 9,
      mode: 'kafka',
      readModels: [{ name: 'kpis', version: 1, consumerLag: 0 }],
    });
    expect(row).toMatchObject({ position: null, lag: 0, caughtUp: 100, rebuild: null, health: null });
  });

  it('shows a stopped read model with its error and the event it could not apply', () => {
    const [row] = readModelRows({
      eventLogHead: 10,
      readModels: [
        {
          name: 'kpis',
          version: 1,
          checkpoint: 6,
          eventsBehind: 4,
          status: 'stopped',
          error: 'cannot apply',
          since: '2026-12-05T12:00:00.000Z',
          failedPosition: 7,
          retry: null,
          rebuild: null,
        },
      ],
    });
    expect(row.health).toMatchObject({ status: 'stopped', error: 'cannot apply', failedPosition: 7 });
  });

  it('asks for the exact customer id before an erasure', () => {
    expect(erasureConfirmed('ada', 'ada')).toBe(true);
    expect(erasureConfirmed('ada', 'ada ')).toBe(false);
    expect(erasureConfirmed('ada', 'Ada')).toBe(false);
    expect(erasureConfirmed('', '')).toBe(false);
  });
});
