// Which service answers a request: a router over the route templates each service really
// registers, picking the most specific match as Fastify's own router does (a static segment
// beats a parameter, a parameter beats a wildcard). Used by the query service to forward what it
// does not serve itself, instead of forwarding "anything not found": a mistyped URL stays a
// local 404, and a route the query service serves is never sent elsewhere.
import type { DynamicModule, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner } from '@nestjs/core';
import Router from 'find-my-way';

export interface RouteTemplate {
  /** Upper-case HTTP method, or `*` for a route answering every method. */
  method: string;
  /** `/customers/:customerId/contacts`: a leading slash, none at the end. */
  template: string;
}

type Feature = Type<unknown> | DynamicModule;

/**
 * The routes the controllers of `features` (and of every module they import) register, read from
 * Nest's decorator metadata without starting anything: what the service built from the same
 * features answers.
 */
export function routesOf(features: readonly Feature[]): RouteTemplate[] {
  const routes = new Map<string, RouteTemplate>();
  const seen = new Set<unknown>();
  const scanner = new MetadataScanner();
  const visit = (feature: Feature | Promise<DynamicModule> | undefined): void => {
    // A forward reference or an async dynamic module has no routes to read here.
    if (!feature || feature instanceof Promise || seen.has(feature)) return;
    seen.add(feature);
    const dynamic = 'module' in feature ? feature : null;
    const moduleClass = dynamic ? dynamic.module : (feature as Type<unknown>);
    const controllers = [
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, moduleClass) as Type<unknown>[] | undefined) ?? []),
      ...(dynamic?.controllers ?? []),
    ];
    for (const controller of controllers) {
      for (const route of controllerRoutes(controller, scanner)) routes.set(`${route.method} ${route.template}`, route);
    }
    const imports = [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, moduleClass) as Feature[] | undefined) ?? []),
      ...((dynamic?.imports as Feature[] | undefined) ?? []),
    ];
    imports.forEach(visit);
  };
  features.forEach(visit);
  return [...routes.values()];
}

function controllerRoutes(controller: Type<unknown>, scanner: MetadataScanner): RouteTemplate[] {
  const prefixes = paths(Reflect.getMetadata(PATH_METADATA, controller));
  const prototype = controller.prototype as Record<string, unknown>;
  return scanner.getAllMethodNames(prototype).flatMap((name) => {
    const handler = prototype[name] as object;
    const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (path === undefined || method === undefined) return [];
    const verb = method === RequestMethod.ALL ? '*' : RequestMethod[method];
    return prefixes.flatMap((prefix) => paths(path).map((own) => ({ method: verb, template: join(prefix, own) })));
  });
}

function paths(value: string | string[] | undefined): string[] {
  if (value === undefined) return [''];
  return Array.isArray(value) ? value : [value];
}

function join(...parts: string[]): string {
  const joined = parts
    .join('/')
    .split('/')
    .filter((segment) => segment !== '');
  return `/${joined.join('/')}`;
}

export interface RouteMatch<Owner> {
  owner: Owner;
  template: string;
}

interface Registered<Owner> {
  owner: Owner;
  method: string;
  template: string;
}

/**
 * Fastify's own router (find-my-way) over the templates of several owners, so "most specific"
 * means exactly what it means in the services: a static segment beats a parameter, a parameter
 * beats a wildcard, and a trailing slash is ignored.
 */
export class RouteTable<Owner extends string> {
  private readonly routes: Registered<Owner>[] = [];
  private router: Router.Instance<Router.HTTPVersion.V1> | null = null;

  /** `owners` in order of precedence: when two owners register the same template, the earlier answers. */
  constructor(private readonly owners: readonly Owner[]) {}

  add(owner: Owner, method: string, template: string): void {
    this.routes.push({ owner, method: method.toUpperCase(), template: join(template) });
    this.router = null;
  }

  addAll(owner: Owner, routes: readonly RouteTemplate[]): this {
    for (const route of routes) this.add(owner, route.method, route.template);
    return this;
  }

  /** The most specific route answering `method` on `path` (no query string), or null. */
  match(method: string, path: string): RouteMatch<Owner> | null {
    const verb = method.toUpperCase();
    if (!SUPPORTED.has(verb)) return null;
    const found = (this.router ??= this.build()).find(verb as Router.HTTPMethod, path);
    return found ? (found.store as RouteMatch<Owner>) : null;
  }

  /**
   * find-my-way refuses a method registered twice on one template, so the tie-breaks are settled
   * by the order of registration: every exact method first (owners in precedence order; the first
   * keeps the template), then HEAD for GET routes (as Fastify adds them), then `*` for whatever
   * methods are still free on its template.
   */
  private build(): Router.Instance<Router.HTTPVersion.V1> {
    const router = Router({ ignoreTrailingSlash: true });
    const byPrecedence = [...this.routes].sort((a, b) => this.owners.indexOf(a.owner) - this.owners.indexOf(b.owner));
    const claim = (verb: string, route: Registered<Owner>): void => {
      if (router.hasRoute(verb as Router.HTTPMethod, route.template)) return;
      const store: RouteMatch<Owner> = { owner: route.owner, template: route.template };
      router.on(verb as Router.HTTPMethod, route.template, () => undefined, store);
    };
    for (const route of byPrecedence) if (route.method !== '*') claim(route.method, route);
    for (const route of byPrecedence) if (route.method === 'GET') claim('HEAD', route);
    for (const route of byPrecedence) if (route.method === '*') for (const verb of SUPPORTED) claim(verb, route);
    return router;
  }
}

/** The methods a Nest route can be declared for (what a `*` route stands for). */
const SUPPORTED: ReadonlySet<string> = new Set(
  Object.keys(RequestMethod).filter((name) => Number.isNaN(Number(name)) && name !== 'ALL'),
);
