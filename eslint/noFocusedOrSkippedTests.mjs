// ESLint rule: no `.only` anywhere (it shrinks a run to one test that still exits 0), and no skipped
// test (`.skip`, `xit`/`xdescribe`/..., `this.skip()`) unless the allowlist names it with a reason.
// Allowlist entries: { file: 'test/host/x.test.ts', title: 'the test or suite title', reason: 'why' }.
// An entry that matches nothing in its file is reported too, so the list cannot go stale.
import path from 'node:path';

const MOCHA_FUNCTIONS = new Set(['describe', 'context', 'it', 'specify', 'suite', 'test']);
const X_FUNCTIONS = new Set(['xdescribe', 'xcontext', 'xit', 'xspecify']);

const propertyName = (member) =>
  member.computed ? (member.property.type === 'Literal' ? member.property.value : undefined) : member.property.name;

const titleOf = (call) => {
  const first = call.arguments[0];
  if (first?.type === 'Literal' && typeof first.value === 'string') return first.value;
  if (first?.type === 'TemplateLiteral' && first.expressions.length === 0) return first.quasis[0].value.cooked;
  return undefined;
};

/** The title of the innermost `it`/`describe` call around a node (for `this.skip()`). */
function enclosingTitle(node) {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type !== 'CallExpression') continue;
    const callee = n.callee.type === 'MemberExpression' ? n.callee.object : n.callee;
    if (callee.type === 'Identifier' && MOCHA_FUNCTIONS.has(callee.name)) return titleOf(n);
  }
  return undefined;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'forbid .only, and skipped tests outside an allowlist with a reason' },
    schema: [{
      type: 'object',
      properties: {
        allow: {
          type: 'array',
          items: {
            type: 'object',
            properties: { file: { type: 'string' }, title: { type: 'string' }, reason: { type: 'string', minLength: 10 } },
            required: ['file', 'title', 'reason'],
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    }],
  },
  create(context) {
    const file = path.relative(context.cwd, context.filename).split(path.sep).join('/');
    const allow = (context.options[0]?.allow ?? []).filter((e) => e.file === file);
    const used = new Set();
    const skipped = (node, what, title) => {
      const entry = allow.find((e) => e.title === title);
      if (entry) {
        used.add(entry);
        return;
      }
      context.report({ node, message: `${what} skips ${title === undefined ? 'a test' : `'${title}'`}: run it, delete it, or allowlist it with a reason in eslint.config.mjs (skippedTests)` });
    };
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type === 'Identifier' && X_FUNCTIONS.has(callee.name)) skipped(node, `${callee.name}()`, titleOf(node));
        if (callee.type !== 'MemberExpression') return;
        const name = propertyName(callee);
        if (callee.object.type === 'Identifier' && MOCHA_FUNCTIONS.has(callee.object.name)) {
          if (name === 'only') context.report({ node, message: `${callee.object.name}.only() runs only this test and hides every other one; remove it` });
          if (name === 'skip') skipped(node, `${callee.object.name}.skip()`, titleOf(node));
        }
        if (callee.object.type === 'ThisExpression' && name === 'skip') skipped(node, 'this.skip()', enclosingTitle(node));
      },
      'Program:exit'(node) {
        for (const e of allow) {
          if (!used.has(e)) context.report({ node, message: `skippedTests allowlist entry '${e.title}' matches no skipped test in ${file}; remove it` });
        }
      },
    };
  },
};
