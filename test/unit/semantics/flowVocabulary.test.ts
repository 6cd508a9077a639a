import * as assert from 'assert';
import { IDENTITY_DECORATOR, IDENTITY_REQUEST_MEMBER, LOGGER_RECEIVER, PARAM_DECORATORS, PURE_CONSTRUCTOR, REQUEST_MEMBERS } from '../../../src/core/semantics/flow/vocabulary';

describe('data-flow vocabulary', () => {
  const identity: [string, boolean][] = [
    ['CurrentUser', true], ['AuthUser', true], ['ReqUser', true], ['GetUser', true], ['User', true], ['Me', true],
    ['CurrentAccount', true], ['JwtPayload', true], ['Principal', true], ['Session', true], ['CurrentTenant', true],
    ['UserAgent', false], ['Lang', false], ['Ip', false], ['ApiImplicitQuery', false], ['Cookies', false],
  ];
  for (const [name, expected] of identity) {
    it(`@${name}() from a package ${expected ? 'is' : 'is not'} the caller's identity`, () => assert.strictEqual(IDENTITY_DECORATOR.test(name), expected));
  }

  const loggers: [string, boolean][] = [
    ['console', true], ['this.logger', true], ['logger', true], ['Logger', true], ['this._logger', true],
    ['this.audit', false], ['this.jobs', false], ['res', false],
  ];
  for (const [recv, expected] of loggers) {
    it(`${recv}.warn(...) ${expected ? 'only logs' : 'may act'}`, () => assert.strictEqual(LOGGER_RECEIVER.test(recv), expected));
  }

  it('request members: what the client sends, what the server set', () => {
    assert.deepStrictEqual(['headers', 'query', 'params', 'body', 'cookies', 'url', 'user', 'session'].map((k) => REQUEST_MEMBERS[k]),
      ['header', 'query', 'path', 'body', 'cookie', 'url', 'identity', 'identity']);
  });

  const members: [string, boolean][] = [
    ['account', true], ['tenant', true], ['impersonation', true], ['organization', true], ['auth', true],
    ['ip', false], ['method', false], ['protocol', false], ['token', false], ['rawBody', false], ['authorization', false],
  ];
  for (const [key, expected] of members) {
    it(`req.${key} set by the app's guards ${expected ? 'holds' : 'does not hold'} the caller`, () => assert.strictEqual(IDENTITY_REQUEST_MEMBER.test(key), expected));
  }

  it('parameter decorators', () => {
    assert.deepStrictEqual(['Param', 'Query', 'Body', 'Headers', 'Req', 'Res', 'Session'].map((k) => PARAM_DECORATORS[k]),
      ['path', 'query', 'body', 'header', 'request', 'none', 'identity']);
  });

  const ctors: [string, boolean][] = [['Date', true], ['UnauthorizedException', true], ['Error', true], ['OrderEntity', false], ['Job', false]];
  for (const [name, expected] of ctors) {
    it(`new ${name}() ${expected ? 'has no effect' : 'may have an effect'}`, () => assert.strictEqual(PURE_CONSTRUCTOR.test(name), expected));
  }
});
