import net from "node:net";

/** An error reply from Redis. Top-level ones reject `command()`; ones nested in arrays (EXEC) stay values. */
export class RedisError extends Error {
  override name = "RedisError";
}

export type RespValue = string | number | null | RedisError | RespValue[];

export interface RespConnection {
  command(args: readonly (string | number)[]): Promise<RespValue>;
  close(): void;
}

type Parsed = { value: RespValue; end: number } | undefined;

const CRLF = "\r\n";

function encode(args: readonly (string | number)[]): Buffer {
  const parts = [`*${args.length}${CRLF}`];
  for (const arg of args) {
    const text = String(arg);
    // Bulk lengths count bytes, not UTF-16 code units.
    parts.push(`$${Buffer.byteLength(text)}${CRLF}${text}${CRLF}`);
  }
  return Buffer.from(parts.join(""));
}

/** Parses one RESP2 reply starting at `start`, or returns undefined if the buffer does not hold all of it yet. */
function parse(buf: Buffer, start: number): Parsed {
  const lineEnd = buf.indexOf(CRLF, start);
  if (lineEnd === -1) return undefined;
  const line = buf.toString("utf8", start + 1, lineEnd);
  const next = lineEnd + 2;
  const type = String.fromCharCode(buf.readUInt8(start));
  switch (type) {
    case "+":
      return { value: line, end: next };
    case "-":
      return { value: new RedisError(line), end: next };
    case ":":
      return { value: Number(line), end: next };
    case "$": {
      const length = Number(line);
      if (length === -1) return { value: null, end: next };
      if (buf.length < next + length + 2) return undefined;
      return { value: buf.toString("utf8", next, next + length), end: next + length + 2 };
    }
    case "*": {
      const count = Number(line);
      if (count === -1) return { value: null, end: next };
      const items: RespValue[] = [];
      let end = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buf, end);
        if (!item) return undefined;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new Error(`Unexpected RESP reply type ${JSON.stringify(type)}`);
  }
}

/** Opens a connection to Redis on the loopback interface. Commands may be issued without awaiting (pipelined). */
export function connect(port: number): Promise<RespConnection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    // Replies arrive in command order, so a FIFO of waiters matches them up.
    const waiting: { resolve(value: RespValue): void; reject(error: Error): void }[] = [];
    let buffer = Buffer.alloc(0);

    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      let offset = 0;
      for (let reply = parse(buffer, offset); reply; reply = parse(buffer, offset)) {
        offset = reply.end;
        const waiter = waiting.shift();
        if (reply.value instanceof RedisError) waiter?.reject(reply.value);
        else waiter?.resolve(reply.value);
      }
      buffer = buffer.subarray(offset);
    });
    const failAll = (error: Error) => {
      for (const waiter of waiting.splice(0)) waiter.reject(error);
    };
    socket.on("error", (error) => {
      reject(error);
      failAll(error);
    });
    socket.on("close", () => failAll(new Error("Redis connection closed")));

    socket.once("connect", () =>
      resolve({
        command(args) {
          return new Promise((resolveReply, rejectReply) => {
            if (socket.destroyed) return rejectReply(new Error("Redis connection closed"));
            waiting.push({ resolve: resolveReply, reject: rejectReply });
            socket.write(encode(args));
          });
        },
        close() {
          socket.destroy();
        },
      }),
    );
  });
}
