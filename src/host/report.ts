/**
 * The report formats the commands use, from the core's report module.
 */
import type { AnalysisResult } from '../core/model';
import { toMarkdown, toSarif } from '../core/report';

export interface ReportFormats {
  markdown?: (result: AnalysisResult) => string;
  sarif?: (result: AnalysisResult) => unknown;
}

export const reportFormats: ReportFormats = {
  markdown: toMarkdown,
  sarif: (result) => toSarif(result),
};
