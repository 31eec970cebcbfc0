// Readiness: can this instance serve? Each part that can make the answer "no" registers a check
// (the event store and read store in the composition root, the projections in their module);
// /health/ready runs them. Here, beside the HTTP plumbing, so features can register checks
// without importing the composition root.
import { Injectable } from '@nestjs/common';

export interface CheckResult {
  ok: boolean;
  /** Why not, or what was seen: shown to operators, never personal data. */
  detail?: unknown;
}

export interface ReadinessCheck {
  name: string;
  check(): Promise<CheckResult>;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Array<{ name: string } & CheckResult>;
}

@Injectable()
export class Readiness {
  private readonly checks: ReadinessCheck[] = [];

  register(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  async report(): Promise<ReadinessReport> {
    const checks = await Promise.all(
      this.checks.map(async ({ name, check }) => {
        try {
          return { name, ...(await check()) };
        } catch (error) {
          // A check that throws is a dependency that does not answer: not ready, and why.
          return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    return { ready: checks.every((c) => c.ok), checks };
  }
}
