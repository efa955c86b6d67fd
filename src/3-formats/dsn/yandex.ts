// Yandex (Russian preface, Postfix underneath, Diagnostic-Code type X-Yandex)
import { dsnGenerator } from './fingerprint.js';

export const yandex = dsnGenerator({
  id: 'yandex',
  description: 'Yandex (Russian preface, Postfix underneath, Diagnostic-Code type X-Yandex)',
  score: 70, // more specific than the Postfix it runs on
  // [SOE lhost-yandex-*] (native-formats.md §7.1)
  markers: { from: ['mailer-daemon@yandex.'], headers: ['x-yandex-front'] },
});
