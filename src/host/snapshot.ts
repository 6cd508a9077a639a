/**
 * An immutable view of the route index at one moment, with lookups by file and id. Views, lenses,
 * hovers and diagnostics read only this.
 */
import type { AnalysisResult, AnalyzedRoute, AppIndex, Finding } from '../core/model';
import { absPath, fileKey } from './convert';

export interface IndexedRoute {
  app: AppIndex;
  route: AnalyzedRoute;
  /** Absolute path of the handler's file. */
  file: string;
}

export interface IndexedFinding {
  app: AppIndex;
  finding: Finding;
  file: string;
}

/** An immutable view of the index at one moment. */
export class IndexSnapshot {
  readonly routes: readonly IndexedRoute[];
  readonly findings: readonly IndexedFinding[];
  private readonly routesByFile = new Map<string, IndexedRoute[]>();
  private readonly findingsByFile = new Map<string, IndexedFinding[]>();
  private readonly routesById = new Map<string, IndexedRoute>();
  private readonly routesByControllerFile = new Map<string, IndexedRoute[]>();

  constructor(readonly apps: readonly AppIndex[]) {
    const routes: IndexedRoute[] = [];
    const findings: IndexedFinding[] = [];
    for (const app of apps) {
      for (const route of app.routes) {
        const entry = { app, route, file: absPath(app, route.file) };
        routes.push(entry);
        push(this.routesByFile, fileKey(entry.file), entry);
        this.routesById.set(route.id, entry);
        push(this.routesByControllerFile, fileKey(absPath(app, route.controllerAt.file)), entry);
      }
      for (const finding of app.findings) {
        const entry = { app, finding, file: absPath(app, finding.file) };
        findings.push(entry);
        push(this.findingsByFile, fileKey(entry.file), entry);
      }
    }
    this.routes = routes;
    this.findings = findings;
  }

  routesIn(fsPath: string): readonly IndexedRoute[] {
    return this.routesByFile.get(fileKey(fsPath)) ?? [];
  }

  /** Routes whose controller class is declared in this file (handlers may be inherited from elsewhere). */
  routesOfControllersIn(fsPath: string): readonly IndexedRoute[] {
    return this.routesByControllerFile.get(fileKey(fsPath)) ?? [];
  }

  findingsIn(fsPath: string): readonly IndexedFinding[] {
    return this.findingsByFile.get(fileKey(fsPath)) ?? [];
  }

  files(): string[] {
    return [...this.findingsByFile.keys()];
  }

  route(id: string): IndexedRoute | undefined {
    return this.routesById.get(id);
  }

  /** The whole index as the CLI's JSON would hold it. */
  toResult(): AnalysisResult {
    return { apps: [...this.apps] };
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
