// Creates and starts a Nest HTTP application the way every Ledger app needs it: body limit,
// JSON only, one error filter, one validation pipe, API-key guard, OpenAPI at /docs.
import { Logger, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import type { CrmConfig } from '@ledger/config';
import { API_KEYS, ApiKeyGuard, ErrorsFilter, createValidationPipe } from '@ledger/http';

export interface StartedApp {
  app: INestApplication;
  url: string;
  port: number;
}

export async function createHttpApp(
  module: DynamicModule,
  config: CrmConfig,
  title: string,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bodyParser: false,
    logger: config.logLevel === 'silent' ? false : config.logLevel === 'error' ? ['error'] : ['log', 'warn', 'error'],
  });
  // Nothing reads it; it only tells a scanner which framework to probe.
  app.disable('x-powered-by');
  app.use(requireJson);
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.useGlobalFilters(new ErrorsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalGuards(new ApiKeyGuard(app.get(Reflector), app.get(API_KEYS)));
  app.enableShutdownHooks();
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

export async function startHttpApp(app: INestApplication, config: CrmConfig, name: string): Promise<StartedApp> {
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://${config.host}:${address.port}`;
  if (config.usingDevelopmentKeys) {
    Logger.warn('CRM_API_KEYS is not set: using the development keys listed in README.md', name);
  }
  Logger.log(`${name} listening on ${url} (API docs at ${url}/docs, data in ${config.dataDir})`, name);
  return { app, url, port: address.port };
}

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
/** What channels send; anything else goes through type-is (parameters, case, +json suffixes). */
const PLAIN_JSON = new Set(['application/json', 'application/json; charset=utf-8']);

/** Commands are JSON; anything else with a body is refused with 415 before it is parsed. */
function requireJson(request: Request, response: Response, next: NextFunction): void {
  if (!WITH_BODY.has(request.method) || PLAIN_JSON.has(request.headers['content-type'] ?? '')) return next();
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'];
  if (hasBody && !request.is('application/json')) {
    response.status(415).json({
      statusCode: 415,
      error: 'Unsupported Media Type',
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'send the body as application/json',
      field: 'Content-Type',
    });
    return;
  }
  next();
}
