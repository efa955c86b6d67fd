// Input for the regex scanner's own test (test/fuzz/regex.test.ts): not imported anywhere.
const word = 'w';
export const literal = /a+b/gi; // a comment with /not+a+regex/
export const text = 'a string with /no+regex/ in it';
export const built = new RegExp('x\\d{1,3}');
export const called = RegExp(`y+`, 'i');
export const dynamic = new RegExp(`${word}+`);
export const division = 4 / 2 / 1;
