// Customer behaviours for the scenario generator. Each persona shapes when a customer registers,
// when they buy and how long they stay engaged, so that every segment and lifecycle stage
// (prospect, new, active, at-risk, lapsed, won back) is populated at the scenario's end.
import type { Random, Weighted } from './random';

export type Persona = 'prospect' | 'one-off' | 'loyal' | 'churned' | 'fading' | 'won-back' | 'newcomer';

export const PERSONA_MIX: Weighted<Persona> = [
  ['prospect', 14],
  ['one-off', 12],
  ['loyal', 26],
  ['churned', 16],
  ['fading', 11],
  ['won-back', 11],
  ['newcomer', 10],
];

export const DAY_MS = 86_400_000;
export const MONTH_MS = 30 * DAY_MS;

export interface Window {
  from: number;
  to: number;
}

export interface LifePlan {
  persona: Persona;
  registeredAt: number;
  /** Periods in which the customer buys; purchases outside them would blur the persona. */
  buying: Window[];
  purchaseTimes: number[];
  /** Until when the customer keeps calling, asking, complaining. */
  engagedUntil: number;
  /** Interactions (contacts, requests, complaints, surveys) per 30 days. */
  interactionRate: number;
  /** 0..1: drives feedback scores and how likely complaints, returns and campaign responses are. */
  satisfaction: number;
}

export interface Horizon {
  startMs: number;
  endMs: number;
  /** Multiplies activity rates so a scenario reaches about the events per customer asked for. */
  rateScale: number;
}

/** Purchase times of a Poisson process over the windows; the first comes soon after each window opens. */
function purchaseTimes(rng: Random, windows: Window[], perMonth: number): number[] {
  const times: number[] = [];
  for (const { from, to } of windows) {
    for (let t = from + rng.exponential(7 * DAY_MS); t < to; t += rng.exponential(MONTH_MS / perMonth)) times.push(t);
  }
  return times;
}

export function planLife(rng: Random, { startMs, endMs, rateScale }: Horizon, organisation: boolean): LifePlan {
  const persona = rng.weighted(PERSONA_MIX);
  const span = endMs - startMs;
  const at = (from: number, to: number) => Math.min(endMs, rng.between(from, Math.max(from, to)));
  const rate = (perMonth: number) => perMonth * rateScale * (organisation ? 1.4 : 1) * rng.between(0.6, 1.4);
  // Leave most personas room to show their pattern before the end, however short the scenario.
  const earlyReg = (share: number) => at(startMs, startMs + span * share);
  let plan: Omit<LifePlan, 'purchaseTimes' | 'persona'> & { purchaseRate: number; oneOff?: boolean };

  switch (persona) {
    case 'prospect': {
      const registeredAt = at(startMs, endMs - DAY_MS);
      plan = {
        registeredAt,
        buying: [],
        purchaseRate: 0,
        engagedUntil: registeredAt + rng.between(1, 12) * MONTH_MS,
        satisfaction: rng.between(0.4, 0.9),
        interactionRate: rate(0.6),
      };
      break;
    }
    case 'one-off': {
      const registeredAt = earlyReg(0.9);
      plan = {
        registeredAt,
        buying: [{ from: registeredAt, to: registeredAt + 30 * DAY_MS }],
        purchaseRate: 0,
        oneOff: true,
        engagedUntil: registeredAt + rng.between(1, 6) * MONTH_MS,
        satisfaction: rng.between(0.2, 0.9),
        interactionRate: rate(0.6),
      };
      break;
    }
    case 'loyal': {
      const registeredAt = earlyReg(0.6);
      plan = {
        registeredAt,
        buying: [{ from: registeredAt, to: endMs }],
        purchaseRate: rate(1.1),
        engagedUntil: endMs,
        satisfaction: rng.between(0.6, 1),
        interactionRate: rate(1),
      };
      break;
    }
    case 'churned': {
      const registeredAt = earlyReg(0.5);
      const churnAt = Math.min(
        registeredAt + rng.between(2, 10) * MONTH_MS,
        endMs - Math.min(8 * MONTH_MS, span * 0.3),
      );
      const last = Math.max(churnAt, registeredAt + 14 * DAY_MS);
      plan = {
        registeredAt,
        buying: [{ from: registeredAt, to: last }],
        purchaseRate: rate(0.9),
        engagedUntil: last + rng.between(0, 2) * MONTH_MS,
        satisfaction: rng.between(0.05, 0.55),
        interactionRate: rate(1.2),
      };
      break;
    }
    case 'fading': {
      const registeredAt = earlyReg(0.45);
      const lastBuy = Math.max(registeredAt + 30 * DAY_MS, endMs - rng.between(3.5, 5.5) * MONTH_MS);
      plan = {
        registeredAt,
        buying: [{ from: registeredAt, to: lastBuy }],
        purchaseRate: rate(0.8),
        engagedUntil: endMs - 2 * MONTH_MS,
        satisfaction: rng.between(0.3, 0.8),
        interactionRate: rate(0.8),
      };
      break;
    }
    case 'won-back': {
      const registeredAt = earlyReg(0.3);
      const gapStart = registeredAt + rng.between(2, 5) * MONTH_MS;
      const gapEnd = Math.min(gapStart + rng.between(6, 10) * MONTH_MS, endMs - 45 * DAY_MS);
      const buying = [
        { from: registeredAt, to: gapStart },
        { from: Math.max(gapEnd, gapStart), to: endMs },
      ];
      plan = {
        registeredAt,
        buying,
        purchaseRate: rate(1),
        engagedUntil: endMs,
        satisfaction: rng.between(0.4, 0.9),
        interactionRate: rate(0.9),
      };
      break;
    }
    case 'newcomer': {
      const registeredAt = Math.max(startMs, endMs - rng.between(5, 80) * DAY_MS);
      plan = {
        registeredAt,
        buying: [{ from: registeredAt, to: endMs }],
        purchaseRate: rate(1.6),
        engagedUntil: endMs,
        satisfaction: rng.between(0.5, 1),
        interactionRate: rate(1.2),
      };
      break;
    }
  }
  const times = plan.oneOff
    ? [plan.registeredAt + rng.between(0.05, 20) * DAY_MS]
    : purchaseTimes(rng, plan.buying, plan.purchaseRate);
  const { purchaseRate: _rate, oneOff: _oneOff, ...life } = plan;
  return { ...life, persona, engagedUntil: Math.min(life.engagedUntil, endMs), purchaseTimes: times };
}

/** Whether the customer is in a buying period at `t` (with a month's slack for campaign-driven purchases). */
export const buysAt = (plan: LifePlan, t: number): boolean =>
  plan.buying.some((w) => t >= w.from && t <= w.to + MONTH_MS);
