// The MAPI side of bouncemapi: property table, codes, the StatusRecips translator.
export { PROPS, PT, KEY_STYLES, keyOf, propByKey, tagString, type PropDef, type PropName, type PropType, type KeyStyle } from './properties.js';
export { MAPI_DIAG, MAPI_REASON, statusCodes, diagName, reasonName, type StatusCodes, type MapiDiagName, type MapiReasonName } from './codes.js';
export { oneOffEntryId, searchKey } from './entry-id.js';
export { originalMessageClass } from './message-class.js';
export { translate, whyNoReport, rekey, getProp, supplementaryInfo, SUBJECT_PREFIX, type TranslateOptions } from './status-recips.js';
export {
  MapiReportSchema,
  MapiRecipientSchema,
  DsnRowSchema,
  DsnMessageSchema,
  MapiValueSchema,
  REPORT_TYPES,
  MODES,
  type MapiReport,
  type MapiRecipient,
  type DsnRow,
  type DsnMessage,
  type MapiValue,
  type ReportType,
  type Mode,
} from './schema.js';
