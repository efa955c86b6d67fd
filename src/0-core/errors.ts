// A system error in words, for a one-line message: `ENOSPC: no space left on device`.
// Node writes `ENOSPC: no space left on device, write` or `ENOENT: ..., open '/x'`: the
// code, libuv's description (uv_strerror), then the call and its path, which the caller
// says better itself (it names the file).

export function systemErrorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException | null;
  let text = String(err?.message ?? e);
  const code = err?.code;
  if (!code) return text;
  if (text.startsWith(`${code}: `)) text = text.slice(code.length + 2);
  const comma = text.indexOf(', ');
  if (comma > 0) text = text.slice(0, comma);
  return `${code}: ${text}`;
}
