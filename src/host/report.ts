/**
 * The report formats the commands use. The core's report module (src/core/report: `toMarkdown`,
 * `toSarif`) is written separately.
 *
 * TODO(lead): when src/core/report lands, wire it here:
 *   import { toMarkdown, toSarif } from '../core/report';
 *   export const reportFormats: ReportFormats = { markdown: toMarkdown, sarif: toSarif };
 * Until then "Show Route Coverage Report" and "Export Coverage as SARIF" say they are not available.
 */
import type { AnalysisResult } from '../core/model';

export interface ReportFormats {
  markdown?: (result: AnalysisResult) => string;
  sarif?: (result: AnalysisResult) => unknown;
}

export const reportFormats: ReportFormats = {};
