import { analyzeWorkspace } from '../core/analyzer';

const result = analyzeWorkspace(process.argv[2] ?? '.');
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
