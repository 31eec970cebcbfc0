// Which service answers a request: a router over the route templates each service really
// registers, picking the most specific match as Fastify's own router does (a static segment
// beats a parameter, a parameter beats a wildcard). Used by the query service to forward what it
// does not serve itself, instead of forwarding "anything not found": a mistyped URL stays a
// local 404, and a route the query service serves is never sent elsewhere.
import type { DynamicModule, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner } from '@nestjs/core';

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

/** 0 static, 1 parameter, 2 wildcard: a lower kind at the first difference is more specific. */
type SegmentKind = 0 | 1 | 2;

interface CompiledRoute<Owner> {
  owner: Owner;
  rank: number;
  method: string;
  template: string;
  segments: string[];
  kinds: SegmentKind[];
}

export interface RouteMatch<Owner> {
  owner: Owner;
  template: string;
}

export class RouteTable<Owner extends string> {
  /** Routes by their first segment when it is static; the rest (first segment a parameter or wildcard) apart. */
  private readonly byFirstSegment = new Map<string, CompiledRoute<Owner>[]>();
  private readonly open: CompiledRoute<Owner>[] = [];
  private readonly known = new Set<string>();

  /** `owners` in order of precedence: when two owners register the same template, the earlier answers. */
  constructor(private readonly owners: readonly Owner[]) {}

  add(owner: Owner, method: string, template: string): void {
    const normalised = join(template);
    const key = `${owner} ${method.toUpperCase()} ${normalised}`;
    if (this.known.has(key)) return;
    this.known.add(key);
    const segments = normalised.split('/').slice(1);
    const kinds = segments.map((s): SegmentKind => (s === '*' ? 2 : s.startsWith(':') ? 1 : 0));
    const route = { owner, rank: this.owners.indexOf(owner), method: method.toUpperCase(), template: normalised };
    const compiled = { ...route, segments, kinds };
    if (kinds[0] === 0 && segments[0] !== '') {
      const bucket = this.byFirstSegment.get(segments[0]) ?? [];
      bucket.push(compiled);
      this.byFirstSegment.set(segments[0], bucket);
    } else {
      this.open.push(compiled);
    }
  }

  addAll(owner: Owner, routes: readonly RouteTemplate[]): this {
    for (const route of routes) this.add(owner, route.method, route.template);
    return this;
  }

  /** The most specific route answering `method` on `path` (no query string), or null. */
  match(method: string, path: string): RouteMatch<Owner> | null {
    const segments = path.split('/').slice(1);
    // `/customers/` is `/customers` (the apps' router ignores a trailing slash).
    if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
    const verb = method.toUpperCase();
    let best: CompiledRoute<Owner> | null = null;
    for (const route of [...(this.byFirstSegment.get(segments[0]) ?? []), ...this.open]) {
      if (!answers(route.method, verb) || !matches(route, segments)) continue;
      if (best === null || moreSpecific(route, best)) best = route;
    }
    return best && { owner: best.owner, template: best.template };
  }
}

/** Fastify answers HEAD with a GET route. */
function answers(routeMethod: string, method: string): boolean {
  return routeMethod === '*' || routeMethod === method || (method === 'HEAD' && routeMethod === 'GET');
}

function matches(route: CompiledRoute<unknown>, segments: string[]): boolean {
  for (let i = 0; i < route.segments.length; i++) {
    const kind = route.kinds[i];
    if (kind === 2) return true;
    if (i >= segments.length) return false;
    if (kind === 1 ? segments[i] === '' : segments[i] !== route.segments[i]) return false;
  }
  return route.segments.length === segments.length;
}

function moreSpecific(a: CompiledRoute<unknown>, b: CompiledRoute<unknown>): boolean {
  const length = Math.max(a.kinds.length, b.kinds.length);
  for (let i = 0; i < length; i++) {
    // A route that ended already is a shorter wildcard match: the longer one is more specific.
    const ka = a.kinds[i] ?? 3;
    const kb = b.kinds[i] ?? 3;
    if (ka !== kb) return ka < kb;
  }
  // Same shape: an exact method beats `*`, then the owner of higher precedence.
  if ((a.method === '*') !== (b.method === '*')) return b.method === '*';
  return a.rank < b.rank;
}
