import * as assert from 'assert';
import { FIX_IDS, FIXES_FOR_RULE } from '../../../src/core/fixes';
import { RULE_METAS } from '../../../src/core/rules/registry';

describe('fixes/FIXES_FOR_RULE', () => {
  it('names only existing rules and existing fixes', () => {
    const codes = new Set(RULE_METAS.map((m) => m.code));
    for (const [code, fixes] of Object.entries(FIXES_FOR_RULE)) {
      assert.ok(codes.has(code), `unknown rule ${code}`);
      for (const f of fixes) assert.ok(f in FIX_IDS, `unknown fix ${f}`);
    }
  });

  it('offers every fix for some rule, except addHttpsOptions and addRoles (offered from the tree and lenses, no finding of their own)', () => {
    const offered = new Set(Object.values(FIXES_FOR_RULE).flat());
    assert.deepStrictEqual(Object.keys(FIX_IDS).filter((f) => !offered.has(f as keyof typeof FIX_IDS)), ['addHttpsOptions', 'addRoles']);
  });
});
