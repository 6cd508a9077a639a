/** Which variable values the report may show (table), and the one-line summary the CLI prints. */
import * as assert from 'assert';
import { isSecretLooking } from '../../../src/core/link/envReport';
import { envSummary } from '../../../src/core/report/envSummary';

describe('env report', () => {
  const TABLE: Array<[string, string, boolean]> = [
    ['API_PREFIX', 'api', false],
    ['NODE_ENV', 'production', false],
    ['FEATURE_ADMIN', 'true', false],
    ['PORT', '3000', false],
    ['KEYCLOAK_REALM', 'main', false],
    ['JWT_SECRET', 'x', true],
    ['AUTH_REFRESH_SECRET', 'x', true],
    ['DATABASE_PASSWORD', 'x', true],
    ['DB_PWD', 'x', true],
    ['GITHUB_TOKEN', 'x', true],
    ['STRIPE_API_KEY', 'x', true],
    ['APIKEY', 'x', true],
    ['PRIVATE_KEY', 'x', true],
    ['ENCRYPTION_KEY', 'x', true],
    ['AWS_SECRET_ACCESS_KEY', 'x', true],
    ['GOOGLE_CLIENT_SECRET', 'x', true],
    ['DATABASE_URL', 'postgres://db/app', true],
    ['REDIS_URL', 'redis://cache:6379', true],
    ['SENTRY_DSN', 'https://k@o.ingest/1', true],
    ['UPSTREAM', 'https://user:pass@host/', true],
    ['FRONTEND_URL', 'https://app.example', false],
  ];
  for (const [name, value, secret] of TABLE) {
    it(`${name}=${value} is ${secret ? 'hidden' : 'shown'}`, () => assert.strictEqual(isSecretLooking(name, value), secret));
  }

  it('says where the env came from, which files were found, and what each variable was', () => {
    const line = envSummary({
      origin: 'app',
      files: [{ file: '.env.local', found: false }, { file: '.env', found: true }],
      variables: [
        { name: 'API_PREFIX', set: true, value: 'v2', readAt: [] },
        { name: 'GREETING', set: true, value: 'hello world', readAt: [] },
        { name: 'JWT_SECRET', set: true, readAt: [] },
        { name: 'FEATURE_X', set: false, readAt: [] },
      ],
    });
    assert.strictEqual(line, 'env (as the app loads it): .env.local (not found), .env; variables read: API_PREFIX=v2, GREETING="hello world", JWT_SECRET (set, value hidden), FEATURE_X unset');
    assert.strictEqual(envSummary({ origin: 'none', files: [], variables: [] }), 'env: none, every variable unset; no variable read');
  });
});
