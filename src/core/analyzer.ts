/**
 * The public entry of the analysis core. One `WorkspaceAnalyzer` per analysed folder keeps one
 * long-lived ts-morph Project; `setFileText` refreshes one file, `analyze` relinks.
 */
import type { AnalysisResult } from './model';
import type { GuardCoverageConfig } from './config';

export interface AnalyzeOptions {
  /** Only this nest-cli project (by name). */
  project?: string;
  config?: Partial<GuardCoverageConfig>;
}

export class WorkspaceAnalyzer {
  constructor(readonly root: string, readonly options: AnalyzeOptions = {}) {}

  /** Analyse (or re-link after changes) every application under the root. */
  analyze(): AnalysisResult {
    return { apps: [] };
  }

  /**
   * Replace a file's text (an unsaved buffer), or pass `undefined` to re-read it from disk
   * (saved, created, or deleted).
   */
  setFileText(absPath: string, text: string | undefined): void {
    void absPath;
    void text;
  }

  /** True when a change to this file can change the result (so a host can skip others). */
  affects(absPath: string): boolean {
    return absPath.endsWith('.ts') || absPath.endsWith('.json');
  }
}

/** One-shot analysis (the CLI's path). */
export function analyzeWorkspace(root: string, options: AnalyzeOptions = {}): AnalysisResult {
  return new WorkspaceAnalyzer(root, options).analyze();
}
