import * as assert from 'assert';
import { LIBRARY_MIDDLEWARE, libraryMiddleware, passportAuthenticate } from '../../../../src/core/semantics/middleware/vocabulary';

describe('middleware vocabulary (library middleware)', () => {
  it('knows what each listed package does, by import form', () => {
    const table: Array<[string, string, string | undefined]> = [
      ['express-session', 'default', 'passes'],
      ['express-session', '*', 'passes'],
      ['passport', 'default.initialize', 'passes'],
      ['passport', 'initialize', 'passes'],
      ['passport', 'session', 'passes'],
      ['cookie-parser', 'default', 'passes'],
      ['helmet', 'default', 'passes'],
      ['cors', 'default', 'passes'],
      ['compression', 'default', 'passes'],
      ['body-parser', 'json', 'passes'],
      ['body-parser', 'default.urlencoded', 'passes'],
      ['express', 'json', 'passes'],
      ['express', 'default.static', 'passes'],
      ['nestjs-cls', 'ClsMiddleware', 'passes'],
      ['passport', 'default', undefined],
      ['passport', 'authenticate', undefined],
      ['express-openid-connect', 'auth', undefined],
      ['my-company-auth', 'default', undefined],
      ['helmet/sub', 'default', 'passes'],
    ];
    assert.deepStrictEqual(table.map(([m, path]) => [m, path, libraryMiddleware(m, path)?.effect]), table);
  });

  it('never lists a package as authenticating by table: only passport.authenticate is read, by its arguments', () => {
    assert.deepStrictEqual(LIBRARY_MIDDLEWARE.filter((e) => e.effect !== 'passes'), []);
    assert.strictEqual(passportAuthenticate('passport', 'default.authenticate', ['jwt'], false)?.effect, 'authenticates');
    assert.strictEqual(passportAuthenticate('passport', 'authenticate', ['anonymous'], false)?.effect, 'passes');
    assert.strictEqual(passportAuthenticate('passport', 'authenticate', ['jwt'], true)?.effect, 'unknown');
    assert.strictEqual(passportAuthenticate('passport', 'initialize', [], false), undefined);
  });
});
