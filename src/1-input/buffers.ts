// Message bytes sent to a worker live in shared memory: the worker reads them where they are
// (no copy across the thread boundary), and the runner still holds them, so a message queued
// on a worker that dies can be handed to another one. Small messages are read into slabs
// (Slab, below) and copied into shared memory only when a worker takes them. Checked: the MIME layer reads such buffers
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

/**
 * Small messages copied or read one after another into a slab, each a view of its own bytes
 * there: a buffer allocated per message cost ~1.7 us (its backing store, and the copy;
 * measured on files of 3-12 KB) where a view costs ~0.2 us, and for an mbox's 48,336 bounces
 * one allocation apiece was memory the C library kept once freed (src/1-input/mbox.ts,
 * MboxSplitter.take). A region once handed out is never written again, and a full slab is let
 * go: the messages in it (and the pieces of them a result keeps, the returned original) keep
 * it alive until they are all gone, so a caller that keeps one message keeps SLAB_BYTES.
 * A message larger than SLAB_ROOM, the size nearly every bounce fits in (the Sisimai half:
 * 99 % under 64 KB), has a buffer of its own.
 */
const SLAB_BYTES = 256 * 1024;
export const SLAB_ROOM = 64 * 1024;

export class Slab {
  private bytes: Buffer | null = null;
  private used = 0;

  /** The slab to write the next message in: a new one when fewer than `room` bytes are left in this one. */
  ensure(room: number): Buffer {
    if (this.bytes === null || SLAB_BYTES - this.used < room) {
      this.bytes = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.used = 0;
    }
    return this.bytes;
  }

  /** Where the slab's free bytes begin. */
  get at(): number {
    return this.used;
  }

  /** How many bytes of the slab are free. */
  get left(): number {
    return SLAB_BYTES - this.used;
  }

  /** The next `n` free bytes (written already, or to be written now), handed out for good. */
  take(n: number): Buffer {
    const view = this.bytes!.subarray(this.used, this.used + n);
    this.used += n;
    return view;
  }
}
