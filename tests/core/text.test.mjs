// Counts in the form their language gives them, by the core's plural rules
// (crate/src/plural.rs), checked against ICU's (Node's Intl.PluralRules: an independent
// implementation of the same CLDR data), through the export the shell's notices use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { message } from './core.mjs';
import { countedMessages as counted, messages } from './messages.mjs';

const LANGS = ['en', 'ru'];
const SAMPLES = [0, 1, 2, 5, 11, 21, 101, 111, 1001];

test('every counted message takes the form ICU gives its count, in both languages', () => {
  const keys = counted();
  assert.ok(keys.includes('notice_cookies_cleared') && keys.includes('evidence_sign_in_repeated'), keys.join());
  for (const lang of LANGS) {
    const icu = new Intl.PluralRules(lang);
    // Keys for text: which form the core asks for is what it returns.
    const t = (key) => (key === 'plural_rules' ? lang : key);
    for (const key of keys) {
      for (let n = 0; n <= 2000; n++) {
        // The count in every argument: wherever the message keeps its count, the form is n's.
        assert.equal(message(key, [String(n), String(n)], t), `${key}_${icu.select(n)}`, `${lang} ${key} ${n}`);
      }
    }
  }
});

test('every counted message reads in its language at 0, 1, 2, 5, 11, 21, 101, 111 and 1001', () => {
  for (const lang of LANGS) {
    const t = messages(lang);
    for (const key of counted()) {
      for (const n of SAMPLES) {
        const text = message(key, [String(n), 'example.com'], t);
        assert.ok(text.includes(String(n)) && !text.includes(key), `${lang} ${key} ${n}: ${text}`);
      }
    }
  }
  const ru = messages('ru');
  const cleared = (n) => message('notice_cookies_cleared', [String(n), 'example.com'], ru);
  assert.deepEqual([1, 3, 5, 11, 21, 101, 111].map(cleared), [
    'Удалён 1 файл cookie сайта example.com.',
    'Удалено 3 файла cookie сайта example.com.',
    'Удалено 5 файлов cookie сайта example.com.',
    'Удалено 11 файлов cookie сайта example.com.',
    'Удалён 21 файл cookie сайта example.com.',
    'Удалён 101 файл cookie сайта example.com.',
    'Удалено 111 файлов cookie сайта example.com.',
  ]);
  const en = messages('en');
  assert.equal(message('notice_cookies_cleared', ['1', 'example.com'], en), 'Removed 1 cookie of example.com.');
  assert.equal(message('notice_cookies_cleared', ['2', 'example.com'], en), 'Removed 2 cookies of example.com.');
  // A message that is not counted is the message, its arguments filled.
  assert.equal(message('notice_restarting', ['https://a.example'], en), 'Opening https://a.example to start signing in again.');
  // Messages that name no rules (a language without them): the form every language has.
  assert.equal(message('popup_count', ['1'], (key) => (key === 'plural_rules' ? '' : key)), 'popup_count_other');
});
