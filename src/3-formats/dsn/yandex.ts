// Yandex (Russian preface, Postfix underneath, Diagnostic-Code type X-Yandex)
import { dsnGenerator } from './fingerprint.js';

export const yandex = dsnGenerator({
  id: 'yandex',
  description: 'Yandex (Russian preface, Postfix underneath, Diagnostic-Code type X-Yandex)',
  score: 70, // more specific than the Postfix it runs on
  // [SOE lhost-yandex-*] (docs/formats.md#non-english-bounces)
  markers: { from: ['mailer-daemon@yandex.'], headers: ['x-yandex-front'] },
});
