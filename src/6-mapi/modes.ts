// translate's grouping modes (design.md, The translator), a plain constant the CLI loads without
// zod; schema.ts builds its enum from it.
export const MODES = ['statusrecips', 'oxcmail'] as const;
