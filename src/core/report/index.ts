/** Report formats over an `AnalysisResult`: SARIF 2.1.0, a Markdown coverage report, the coverage figure and CI exit codes. */
export { toSarif, SARIF_SCHEMA } from './sarif';
export type { SarifOptions } from './sarif';
export { toMarkdown, summaryLine } from './markdown';
export { coverageFigure, failOnExitCode } from './coverage';
export type { CoverageFigure } from './coverage';
