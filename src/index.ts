// bouncemapi library API.
export { parseMessage, analyzeMessage, type ParseOptions, type ParseOutcome } from './8-pipeline/parse.js';
export { parseInputs, analyzeInputs, type RunOptions, type Analyzed } from './8-pipeline/run.js';
export type { ResultFilter } from './8-pipeline/batch/filter.js';
export { FORMATS as formats } from './3-formats/registry.js';
export type { FormatModule, ParsedReport, RowDraft } from './3-formats/readers/types.js';
export { DEFAULT_LIMITS, type Limits } from './0-core/limits.js';
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
} from './0-core/schema.js';
export { schemaFor } from './7-output/json-schema.js';
export { ndjsonWriter } from './7-output/ndjson.js';
export { jsonWriter } from './7-output/json.js';
export { csvWriter, csvRows, CSV_COLUMNS } from './7-output/csv.js';
export { tableWriter, renderResult } from './7-output/table.js';
export { TextSink, type RecordWriter } from './7-output/sink.js';
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
} from './6-mapi/index.js';
export { renderEml, type EmlOptions } from './7-output/eml.js';
export { renderMsg, type MsgOptions } from './7-output/msg.js';
export { reportFileName, OutputNames, writeFileAtomic, FileExistsError } from './7-output/files.js';
