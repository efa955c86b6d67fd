// bouncemapi library API.
export { parseMessage, analyzeMessage, type ParseOptions, type ParseOutcome } from './parse.js';
export { parseInputs, analyzeInputs, type RunOptions, type Analyzed } from './run.js';
export type { ResultFilter } from './batch/filter.js';
export { FORMATS as formats } from './formats/registry.js';
export type { FormatModule, ParsedReport, RowDraft } from './formats/types.js';
export { DEFAULT_LIMITS, type Limits } from './limits.js';
export {
  ParseResultSchema,
  RecipientRowSchema,
  OriginalMessageSchema,
  REASONS,
  type ParseResult,
  type RecipientRow,
  type OriginalMessage,
  type Reason,
  type Action,
  type Kind,
  type BounceType,
} from './table/schema.js';
export { schemaFor } from './schema.js';
export { ndjsonWriter } from './output/ndjson.js';
export { jsonWriter } from './output/json.js';
export { csvWriter, csvRows, CSV_COLUMNS } from './output/csv.js';
export { tableWriter, renderResult } from './output/table.js';
export { TextSink, type RecordWriter } from './output/sink.js';
export {
  translate,
  whyNoReport,
  rekey,
  PROPS,
  MAPI_DIAG,
  MAPI_REASON,
  statusCodes,
  MapiReportSchema,
  REPORT_TYPES,
  MODES,
  KEY_STYLES,
  type TranslateOptions,
  type MapiReport,
  type MapiRecipient,
  type MapiValue,
  type ReportType,
  type Mode,
  type KeyStyle,
  type PropDef,
} from './mapi/index.js';
export { renderEml, type EmlOptions } from './output/eml.js';
export { renderMsg, type MsgOptions } from './output/msg.js';
export { reportFileName, OutputNames, writeFileAtomic, FileExistsError } from './output/files.js';
