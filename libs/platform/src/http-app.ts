// Creates and starts a Nest HTTP application (on Fastify) the way every Ledger app needs it:
// body limit, JSON only, JSON logs and request metrics, one error filter, one validation pipe,
// API-key guard, OpenAPI at /docs.
import { Logger, type DynamicModule, type INestApplication } from '@nestjs/common';
import { ModuleRef, NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import type { CrmConfig } from '@ledger/config';
import { serveConsole } from './console-files';
import { registerForwarding, type ForwardedServices } from './forwarding/forwarder';
import {
  ACTOR_LABEL_KEY,
  API_KEYS,
  DEFAULT_INPUT_LIMITS,
  ApiKeyGuard,
  SESSION_AUTHENTICATOR,
  type SessionAuthenticator,
  ErrorsFilter,
  Metrics,
  answerClientError,
  registerRequestObserver,
  requestId,
  RefusedRequest,
  byteSize,
  createValidationPipe,
  registerRequestReading,
  toBody,
} from '@ledger/http';
import { NestJsonLogger, createJsonLogger } from './observability';

export interface StartedApp {
  app: INestApplication;
  url: string;
  port: number;
}

export interface HttpAppOptions {
  /** Serve the built console (config.consoleDir) at `/`: the crm app and the query service do. */
  console?: boolean;
  /** The `service` field of every log line (default: the title). */
  service?: string;
  /** The service's metrics, also given to the features (default: a fresh set). */
  metrics?: Metrics;
  /** Where the JSON log lines go (tests read them); standard output by default. */
  logDestination?: DestinationStream;
  /**
   * The query service in distributed mode: what these services serve is forwarded to them when
   * their URL is configured (CRM_COMMAND_SERVICE_URL, CRM_AUDIT_SERVICE_URL).
   */
  forward?: ForwardedServices;
}

export async function createHttpApp(
  module: DynamicModule,
  config: CrmConfig,
  title: string,
  options: HttpAppOptions = {},
): Promise<INestApplication> {
  const logger = createJsonLogger(config.logLevel, options.service ?? title, options.logDestination);
  const metrics = options.metrics ?? new Metrics();
  const bodyLimit = byteSize(config.bodyLimit);
  const adapter = new FastifyAdapter({
    bodyLimit,
    // Ids longer than the router's default of 100 characters must reach IdParam (400), not 404;
    // `/customers/` is `/customers`, as channels written against the first version expect.
    routerOptions: { maxParamLength: 1024, ignoreTrailingSlash: true },
    // The router refuses a malformed URL (bad percent-encoding) before Nest sees it: same error body.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      void reply.status(400).send(toBody(new RefusedRequest(400, 'BAD_REQUEST', error.message, 'path')));
    },
    clientErrorHandler: answerClientError,
    genReqId: requestId,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bodyParser: false,
    logger: new NestJsonLogger(logger),
    // A start-up error (or a provider looked up that this service does not have) is thrown to
    // the caller instead of Nest ending the process: runService reports it, tests see it.
    abortOnError: false,
  });
  registerRequestObserver(app.getHttpAdapter().getInstance(), logger, metrics);
  registerRequestReading(app.getHttpAdapter().getInstance(), bodyLimit, {
    ...DEFAULT_INPUT_LIMITS,
    // A batch may hold more commands than the default list limit allows.
    maxListLength: Math.max(DEFAULT_INPUT_LIMITS.maxListLength, config.maxBatchCommands),
  });
  if (options.forward) {
    const fastify = app.getHttpAdapter().getInstance();
    const upstreams = registerForwarding(fastify, {
      config: config.forwarding,
      services: options.forward,
      bodyLimit,
      metrics,
      logger,
    });
    const where = upstreams.map(({ name, base }) => `${name} at ${base}`).join(', ');
    Logger.log(
      where ? `forwarding what this service does not serve to ${where}` : 'forwarding nothing (no upstream URL set)',
      title,
    );
  }
  app.useGlobalFilters(new ErrorsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalGuards(
    new ApiKeyGuard(app.get(Reflector), app.get(API_KEYS), app.get(ACTOR_LABEL_KEY), sessionAuthenticator(app)),
  );
  app.enableShutdownHooks();
  if (options.console && !serveConsole(app.getHttpAdapter().getInstance(), config.consoleDir)) {
    Logger.warn(`no console build in ${config.consoleDir} (npm run build): serving the API only`, title);
  }
  const openApi = new DocumentBuilder()
    .setTitle(title)
    .setDescription('Ledger CRM: record every customer contact; read the customer, segments, lifecycle and KPIs.')
    .addApiKey({ type: 'apiKey', name: 'X-Api-Key', in: 'header' }, 'api-key')
    .addSecurityRequirements('api-key')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'docs/openapi.json',
  });
  return app;
}

/** The people feature's session check, when the app has it (the crm app); others know keys only. */
function sessionAuthenticator(app: INestApplication): SessionAuthenticator | undefined {
  // Asked of the root ModuleRef, not the app: the app's own get() reports a missing provider
  // as an error in the log before throwing, and most services have no people module.
  try {
    return app.get(ModuleRef).get<SessionAuthenticator>(SESSION_AUTHENTICATOR, { strict: false });
  } catch {
    return undefined;
  }
}

export async function startHttpApp(app: INestApplication, config: CrmConfig, name: string): Promise<StartedApp> {
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://${config.host}:${address.port}`;
  if (config.usingDevelopmentKeys) {
    // Loud on purpose: these keys are published in README.md; anyone who reads it gets in.
    Logger.warn(
      [
        '*** DEVELOPMENT MODE: CRM_API_KEYS is not set, so the PUBLISHED development keys (README.md) are accepted. ***',
        '*** Never expose this instance. Set NODE_ENV=production (no development keys) or CRM_API_KEYS.          ***',
      ].join('\n'),
      name,
    );
  }
  Logger.log(`${name} listening on ${url} (API docs at ${url}/docs, data in ${config.dataDir})`, name);
  return { app, url, port: address.port };
}
