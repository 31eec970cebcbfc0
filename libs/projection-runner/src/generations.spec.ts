// The generation pointer's transitions and the decisions taken from it, without servers.
import type { PartitionLag } from '@ledger/messaging-kafka';
import {
  BuiltByNewerRelease,
  buildProgress,
  caughtUp,
  duties,
  flip,
  forgetRetired,
  generationCollection,
  generationGroup,
  initialPointer,
  retiredDue,
  startBuild,
  truncatedPartitions,
  type GenerationPointer,
} from './generations';

const T0 = '2026-11-23T10:00:00.000Z';
const T1 = '2026-11-23T10:05:00.000Z';
const T2 = '2026-11-23T10:06:00.000Z';

const lag = (partition: number, highWatermark: number, committed: number): PartitionLag => ({
  partition,
  highWatermark,
  committed,
  lag: Math.max(0, highWatermark - (committed < 0 ? 0 : committed)),
});

describe('generation names', () => {
  it('keeps the plain names for generation 0 and suffixes later ones', () => {
    expect(generationCollection('operational_view', 0)).toBe('operational_view');
    expect(generationCollection('operational_view', 3)).toBe('operational_view__g3');
    expect(generationGroup('ledger-projection-kpis', 0)).toBe('ledger-projection-kpis');
    expect(generationGroup('ledger-projection-kpis', 3)).toBe('ledger-projection-kpis-g3');
  });
});

describe('generation pointer transitions', () => {
  const v1 = initialPointer('kpis', 1);

  it('starts at generation 0 with the running version', () => {
    expect(v1).toEqual({
      id: 'kpis',
      lastPosition: 1,
      live: 0,
      version: 1,
      building: null,
      lastBuild: null,
      retired: [],
      generations: 0,
    });
  });

  it('starts a build as generation n+1 and bumps the revision', () => {
    const building = startBuild(v1, 1, 'requested', T0);
    expect(building).toMatchObject({
      lastPosition: 2,
      live: 0,
      building: { generation: 1, version: 1, reason: 'requested', startedAt: T0 },
      generations: 1,
    });
    expect(v1.building).toBeNull(); // pure: the input is untouched
  });

  it('joins the running build of the same version instead of starting another', () => {
    const building = startBuild(v1, 1, 'requested', T0);
    expect(startBuild(building, 1, 'requested', T1)).toBe(building);
    expect(startBuild(building, 1, 'version', T1)).toBe(building);
  });

  it('abandons an older version’s build for a newer one and retires its generation', () => {
    const old = startBuild(v1, 1, 'requested', T0);
    const newer = startBuild(old, 2, 'version', T1);
    expect(newer).toMatchObject({
      building: { generation: 2, version: 2, reason: 'version' },
      retired: [{ generation: 1, since: T1 }],
      generations: 2,
    });
  });

  it('refuses a build by an older release than the live or building version', () => {
    const v2 = { ...v1, version: 2 };
    expect(() => startBuild(v2, 1, 'requested', T0)).toThrow(BuiltByNewerRelease);
    const buildingV3 = startBuild(v2, 3, 'version', T0);
    expect(() => startBuild(buildingV3, 2, 'version', T0)).toThrow(/newer release \(v3/);
  });

  it('flips the build live, retires the old live generation and records the finished build', () => {
    const building = startBuild(v1, 2, 'version', T0);
    const flipped = flip(building, T1);
    expect(flipped).toEqual({
      id: 'kpis',
      lastPosition: 3,
      live: 1,
      version: 2,
      building: null,
      lastBuild: { generation: 1, version: 2, reason: 'version', startedAt: T0, finishedAt: T1 },
      retired: [{ generation: 0, since: T1 }],
      generations: 1,
    });
    expect(flip(flipped, T2)).toBe(flipped); // nothing building: nothing to flip
  });

  it('never reuses a generation number, even after retired ones were dropped', () => {
    let pointer: GenerationPointer = v1;
    for (let i = 0; i < 3; i++) {
      pointer = flip(startBuild(pointer, 1, 'requested', T0), T1);
      pointer = forgetRetired(pointer, retiredDue(pointer, T2, 0));
    }
    expect(pointer).toMatchObject({ live: 3, generations: 3, retired: [] });
    expect(startBuild(pointer, 1, 'requested', T2).building?.generation).toBe(4);
  });

  it('drops retired generations only after the grace period, never the live or building one', () => {
    const flipped = flip(startBuild(v1, 1, 'requested', T0), T1);
    expect(retiredDue(flipped, T1, 60_000)).toEqual([]);
    expect(retiredDue(flipped, T2, 60_000)).toEqual([0]);
    const corrupted = { ...flipped, retired: [{ generation: 1, since: T0 }] };
    expect(retiredDue(corrupted, T2, 0)).toEqual([]);
    const forgotten = forgetRetired(flipped, [0]);
    expect(forgotten).toMatchObject({ retired: [], lastPosition: flipped.lastPosition + 1 });
    expect(forgetRetired(forgotten, [0])).toBe(forgotten);
  });
});

describe('what an instance does with a pointer', () => {
  const v1 = initialPointer('lifecycle', 1);

  it('writes the live generation of its own version', () => {
    expect(duties(v1, 1)).toEqual({ write: [0], build: false, conflict: null });
  });

  it('writes the live and the building generation while rebuilding its own version', () => {
    expect(duties(startBuild(v1, 1, 'requested', T0), 1)).toEqual({ write: [0, 1], build: false, conflict: null });
  });

  it('on a version bump writes no old-shape generation and asks for a build', () => {
    expect(duties(v1, 2)).toEqual({ write: [], build: true, conflict: null });
    // Once its build runs it writes only that one.
    expect(duties(startBuild(v1, 2, 'version', T0), 2)).toEqual({ write: [1], build: false, conflict: null });
  });

  it('an old release keeps the live generation up to date while a newer one builds, and starts nothing', () => {
    expect(duties(startBuild(v1, 2, 'version', T0), 1)).toEqual({ write: [0], build: false, conflict: null });
  });

  it('an old release writes nothing once the newer shape is live', () => {
    const flipped = flip(startBuild(v1, 2, 'version', T0), T1);
    const plan = duties(flipped, 1);
    expect(plan.write).toEqual([]);
    expect(plan.build).toBe(false);
    expect(plan.conflict).toBeInstanceOf(BuiltByNewerRelease);
  });
});

describe('catching up', () => {
  it('is caught up with nothing left to consume', () => {
    expect(caughtUp([lag(0, 10, 10), lag(1, 0, -1)], null)).toBe(true);
  });

  it('is caught up once every partition reached what the live group had committed', () => {
    const live = [lag(0, 12, 10), lag(1, 8, 7)];
    expect(caughtUp([lag(0, 12, 10), lag(1, 8, 6)], live)).toBe(false);
    expect(caughtUp([lag(0, 12, 11), lag(1, 8, 7)], live)).toBe(true);
  });

  it('does not trust a live group that never committed on this topic', () => {
    expect(caughtUp([lag(0, 12, 3)], [lag(0, 12, -1)])).toBe(false);
  });

  it('reports progress as records applied of records in the topic', () => {
    expect(buildProgress([lag(0, 100, 40), lag(1, 100, -1)])).toEqual({ processed: 40, total: 200, percent: 20 });
    expect(buildProgress([])).toEqual({ processed: 0, total: 0, percent: 100 });
  });

  it('sees a topic whose oldest records were deleted through a group that never committed', () => {
    // lag = high − low for such a group: partition 1 starts at offset 30.
    const fresh: PartitionLag[] = [
      { partition: 0, highWatermark: 50, committed: -1, lag: 50 },
      { partition: 1, highWatermark: 80, committed: -1, lag: 50 },
    ];
    expect(truncatedPartitions(fresh)).toEqual([1]);
    expect(truncatedPartitions([{ partition: 0, highWatermark: 0, committed: -1, lag: 0 }])).toEqual([]);
  });
});
