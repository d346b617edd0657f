// The background keeps only the request headers the core reasons about (minimal data in
// memory); a credential header it dropped would make the core say "nothing was sent".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  answersChallenge, challengeAnswered, forget, recall, rememberChallenge, rememberHeaders,
} from '../../extension/background/requests.js';
import { diagnose } from './core.mjs';

// Real services' credential headers, and headers that carry none.
const NAMES = [
  'X-API-Key', 'api-key', 'apikey', 'X-Goog-Api-Key', 'DD-API-KEY', 'Ocp-Apim-Subscription-Key', 'x-functions-key',
  'X-Auth-Token', 'X-Access-Token', 'PRIVATE-TOKEN', 'X-Vault-Token', 'X-Shopify-Access-Token', 'X-Figma-Token',
  'X-Consul-Token', 'X-Auth-Key', 'X-Amz-Security-Token', 'Token',
  'Accept', 'User-Agent', 'Content-Type', 'X-Requested-With', 'Sec-WebSocket-Key', 'Idempotency-Key', 'X-Request-Id',
  // Named like tokens, proving no identity: anti-forgery, Jira's no-check, cursors, captchas.
  'Anti-CSRF-Token', 'RequestVerificationToken', 'X-Atlassian-Token', 'X-Continuation-Token', 'X-Page-Token',
  'X-Idempotency-Token', 'X-Recaptcha-Token', 'cf-turnstile-token', 'X-Token-Type', `X-${'Long-'.repeat(12)}Token`,
];

const forwarded = (name) => {
  rememberHeaders({ requestId: name, requestHeaders: [{ name, value: 'k3y-v4lue-0123456789' }] });
  const kept = recall(name).headers.length === 1;
  forget({ requestId: name });
  return kept;
};

const readAsCredentials = (name) => diagnose({
  url: 'https://api.example/v1/items', method: 'GET', statusCode: 401, timeStamp: 0,
  responseHeaders: [], requestHeaders: [{ name, value: 'k3y-v4lue-0123456789' }],
}).cause.evidence.some((e) => e.id === 'authorization-sent' && e.args.includes(name));

test('every request header the core reads as credentials is forwarded to it, and only those', () => {
  const credentials = NAMES.filter(readAsCredentials);
  assert.ok(credentials.includes('X-Vault-Token') && !credentials.includes('Accept'), credentials.join(', '));
  assert.deepEqual(NAMES.filter(forwarded), credentials);
});

test('a one-time code is forwarded, named by its header in the diagnosis, and its value never shown', () => {
  for (const name of ['X-GitHub-OTP', 'npm-otp']) {
    rememberHeaders({ requestId: name, requestHeaders: [{ name, value: '482913' }, { name: 'Accept', value: '*/*' }] });
    const { headers } = recall(name);
    forget({ requestId: name });
    assert.deepEqual(headers.map((h) => h.name), [name]);
    const d = diagnose({
      url: 'https://api.github.com/user', method: 'GET', statusCode: 401, timeStamp: 0,
      responseHeaders: [{ name: 'X-GitHub-OTP', value: 'required; app' }],
      requestHeaders: [{ name: 'Authorization', value: 'Basic b2N0b2NhdDpzZWNyZXQ=' }, ...headers],
      bodyText: '{"message":"Must specify two-factor authentication OTP code.","code":"482913"}',
    });
    assert.equal(d.cause.id, 'second-factor-required');
    assert.ok(d.cause.evidence.some((e) => e.id === 'one-time-code-sent' && e.args[0] === name), JSON.stringify(d.cause));
    assert.ok(!JSON.stringify(d).includes('482913'), JSON.stringify(d));
  }
});

test('a success answers the 401 of its own request only, and only the newest 200 challenges are kept', () => {
  rememberChallenge({ requestId: 'r1' });
  assert.equal(challengeAnswered({ requestId: 'r1' }), false, 'not answered before a success');
  assert.equal(answersChallenge({ requestId: 'r2' }), false, 'another request answers nothing');
  assert.equal(answersChallenge({ requestId: 'r1' }), true);
  assert.equal(challengeAnswered({ requestId: 'r1' }), true);
  // Refused again (a wrong password at the prompt): waiting for an answer afresh.
  rememberChallenge({ requestId: 'r1' });
  assert.equal(challengeAnswered({ requestId: 'r1' }), false);
  for (let i = 0; i < 200; i++) rememberChallenge({ requestId: `burst-${i}` });
  assert.equal(answersChallenge({ requestId: 'r1' }), false, 'the oldest goes past the bound');
  assert.equal(answersChallenge({ requestId: 'burst-199' }), true);
});
