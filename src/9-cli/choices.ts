// The choices the commands' options offer, apart from the commands themselves: main.ts
// declares every option at start-up and loads a command's code only when it runs.
export { KEY_STYLES } from '../6-mapi/properties.js';
export { MODES } from '../6-mapi/modes.js';

export const PARSE_FORMATS = ['table', 'ndjson', 'json', 'csv'] as const;
export type ParseFormat = (typeof PARSE_FORMATS)[number];

export const TRANSLATE_FORMATS = ['ndjson', 'json', 'eml', 'msg'] as const;
export type TranslateFormat = (typeof TRANSLATE_FORMATS)[number];
