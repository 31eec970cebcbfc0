// Boots one Ledger service: configuration, storage, the given feature modules, HTTP.
// Every app (crm and the split services) is this call with a different set of features.
import 'reflect-metadata';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { loadConfig } from '@ledger/config';
import { Metrics } from '@ledger/http';
import { AuthController } from './auth.controller';
import { HealthController } from './health.controller';
import { createHttpApp, startHttpApp, type HttpAppOptions, type StartedApp } from './http-app';
import { ObservabilityModule } from './observability';
import { StorageModule } from './storage.module';

@Module({})
class ServiceModule {}

export async function bootstrapService(
  name: string,
  title: string,
  features: Array<Type<unknown> | DynamicModule>,
  env: Record<string, string | undefined> = process.env,
  /** The console, where the JSON log lines go (tests read them; standard output by default). */
  options: Omit<HttpAppOptions, 'service' | 'metrics'> = {},
): Promise<StartedApp> {
  const config = loadConfig(env);
  const metrics = new Metrics();
  const module: DynamicModule = {
    module: ServiceModule,
    imports: [ObservabilityModule.forRoot(metrics), StorageModule.forRoot(config), ...features],
    controllers: [HealthController, AuthController],
  };
  const app = await createHttpApp(module, config, title, { ...options, service: name, metrics });
  return startHttpApp(app, config, name);
}

/** For main.ts files: start, or print why not and exit non-zero. */
export function runService(start: () => Promise<unknown>, name: string): void {
  start().catch((error: Error) => {
    console.error(`${name} could not start: ${error.message}`);
    process.exit(1);
  });
}
