// translate's grouping modes (docs/mapi.md#grouping-modes), a plain constant the CLI loads without
// zod; schema.ts builds its enum from it.
export const MODES = ['statusrecips', 'oxcmail'] as const;
