// autocannon 8 ships no types and @types/autocannon is not installed: this declares only the
// part of its API the harness uses (see node_modules/autocannon/README.md).
declare module 'autocannon' {
  function autocannon(options: autocannon.AutocannonOptions): autocannon.Instance;
  namespace autocannon {
    export interface Histogram {
      average: number;
      mean: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
      max: number;
      min: number;
    }
    export interface AutocannonRequest {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
    }
    export interface AutocannonOptions {
      url: string;
      connections?: number;
      duration?: number;
      amount?: number;
      overallRate?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      requests?: AutocannonRequest[];
      timeout?: number;
    }
    export interface AutocannonResult {
      requests: Histogram & { total: number; sent: number };
      latency: Histogram;
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      '2xx': number;
      statusCodeStats?: Record<string, { count: number }>;
    }
    export interface Instance extends PromiseLike<AutocannonResult> {
      on(
        event: 'response',
        listener: (client: unknown, statusCode: number, resBytes: number, responseTimeMs: number) => void,
      ): this;
    }
  }
  export = autocannon;
}
