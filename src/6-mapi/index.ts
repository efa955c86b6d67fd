// The MAPI side of bouncemapi as the library gives it (src/index.ts): property table, codes,
// the StatusRecips translator.
export { PROPS, KEY_STYLES, type PropDef, type KeyStyle } from './properties.js';
export { MAPI_DIAG, MAPI_REASON, statusCodes } from './codes.js';
export { translate, whyNoReport, rekey, type TranslateOptions } from './status-recips.js';
export { MapiReportSchema, REPORT_TYPES, MODES, type MapiReport, type MapiRecipient, type MapiValue, type ReportType, type Mode } from './schema.js';
