// Message bytes live in shared memory: a parsing worker reads them where they are (no copy
// across the thread boundary), and the runner still holds them, so a message queued on a
// worker that dies can be handed to another one. Checked: the MIME layer reads such buffers
// exactly as ordinary ones (the shared corpus parses byte-identically).

/** A zero-filled Buffer of `size` bytes over a SharedArrayBuffer of its own. */
export function messageBuffer(size: number): Buffer {
  return Buffer.from(new SharedArrayBuffer(size));
}

/** Is this view the whole of a SharedArrayBuffer? */
function isMessageBuffer(b: Uint8Array): boolean {
  return b.buffer instanceof SharedArrayBuffer && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength;
}

/** The bytes in shared memory: the same buffer when they already are, else one copy. */
export function toMessageBuffer(b: Uint8Array): Buffer {
  if (isMessageBuffer(b)) return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const copy = messageBuffer(b.byteLength);
  copy.set(b);
  return copy;
}
