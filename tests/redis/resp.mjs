// A small RESP2 client for the Redis integration test: pipelined batches of commands over one TCP
// connection, replies parsed as they stream in. Only what the test needs: simple strings, errors,
// integers, bulk strings (returned as Buffers, nil as null) and arrays.
//
//   const c = await RespClient.connect(port);
//   const [pong, n] = await c.send([['PING'], ['DBSIZE']]);
//   c.close();
import net from 'node:net';

/** A Redis error reply (-ERR ..., -OOM ...), returned in place of the reply, not thrown. */
export class RespError {
  constructor(message) {
    this.message = message;
  }
}

const kCrLf = Buffer.from('\r\n');

/** One command as RESP: *<n>\r\n then $<len>\r\n<arg>\r\n per argument. */
export function EncodeCommand(args) {
  const parts = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.isBuffer(a) ? a : Buffer.from(String(a));
    parts.push(Buffer.from(`$${b.length}\r\n`), b, kCrLf);
  }
  return Buffer.concat(parts);
}

/**
 * Parses one reply at `off`: [value, next offset], or null when the buffer ends first.
 * @param {Buffer} buf
 * @param {number} off
 */
function ParseReply(buf, off) {
  if (off >= buf.length) return null;
  const end = buf.indexOf(kCrLf, off);
  if (end < 0) return null;
  const type = buf[off];
  const line = buf.toString('latin1', off + 1, end);
  switch (type) {
    case 0x2b: // +
      return [line, end + 2];
    case 0x2d: // -
      return [new RespError(line), end + 2];
    case 0x3a: // :
      return [Number(line), end + 2];
    case 0x24: { // $
      const len = Number(line);
      if (len < 0) return [null, end + 2];
      const start = end + 2;
      if (buf.length < start + len + 2) return null;
      return [buf.subarray(start, start + len), start + len + 2];
    }
    case 0x2a: { // *
      const n = Number(line);
      if (n < 0) return [null, end + 2];
      const items = [];
      let at = end + 2;
      for (let i = 0; i < n; i++) {
        const r = ParseReply(buf, at);
        if (r === null) return null;
        items.push(r[0]);
        at = r[1];
      }
      return [items, at];
    }
    default:
      throw new Error(`RESP: unexpected reply type byte ${type} at offset ${off}`);
  }
}

export class RespClient {
  /** Connects to 127.0.0.1:port (or host). */
  static connect(port, host = '127.0.0.1') {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ port, host });
      socket.setNoDelay(true);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RespClient(socket));
      });
      socket.once('error', reject);
    });
  }

  constructor(socket) {
    this.socket = socket;
    this.buf = Buffer.alloc(0);
    this.off = 0;
    this.waiting = [];  // batches in send order: { count, replies, resolve, reject }
    this.failure = null;
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error('RESP: connection closed')));
  }

  /**
   * Sends commands in one write (a pipeline) and resolves with their replies, in order.
   * @param {Array<Array<string|number|Buffer>>} commands
   */
  send(commands) {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ count: commands.length, replies: [], resolve, reject });
      this.socket.write(Buffer.concat(commands.map(EncodeCommand)));
    });
  }

  /** Like send, for commands already encoded with EncodeCommand (one Buffer, `count` commands). */
  sendEncoded(encoded, count) {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ count, replies: [], resolve, reject });
      this.socket.write(encoded);
    });
  }

  close() {
    this.failure = this.failure ?? new Error('RESP: closed');
    this.socket.destroy();
  }

  onData(chunk) {
    this.buf = this.off >= this.buf.length ? chunk : Buffer.concat([this.buf.subarray(this.off), chunk]);
    this.off = 0;
    while (this.waiting.length > 0) {
      const r = ParseReply(this.buf, this.off);
      if (r === null) break;
      this.off = r[1];
      const batch = this.waiting[0];
      batch.replies.push(r[0]);
      if (batch.replies.length === batch.count) {
        this.waiting.shift();
        batch.resolve(batch.replies);
      }
    }
  }

  fail(e) {
    if (!this.failure) this.failure = e;
    for (const b of this.waiting.splice(0)) b.reject(e);
  }
}
