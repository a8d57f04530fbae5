/**
 * The Jupyter messaging protocol (v5.3) on the wire: every message is a list
 * of ZeroMQ frames
 *
 *   [routing ids..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers...]
 *
 * where the signature is an HMAC-SHA256 of the four JSON frames (and buffers)
 * keyed with the connection file's key.
 */
import { createHmac, randomUUID, timingSafeEqual } from "crypto";
import * as os from "os";
import type { JsonObject } from "../notebook/format";

const protocolVersion = "5.3";

const delimiter = Buffer.from("<IDS|MSG>");

export interface MessageHeader {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

export interface JupyterMessage<Content extends JsonObject = JsonObject> {
  header: MessageHeader;
  /** Empty object when the message answers nothing. */
  parent_header: Partial<MessageHeader>;
  metadata: JsonObject;
  content: Content;
  buffers: Buffer[];
}

export class MessageSigner {
  constructor(private readonly key: string) {}

  sign(parts: Array<string | Buffer>): string {
    const hmac = createHmac("sha256", this.key);
    for (const part of parts) hmac.update(part);
    return hmac.digest("hex");
  }

  /** Constant-time check, so the key cannot be guessed byte by byte. */
  verify(signature: string, parts: Buffer[]): boolean {
    const expected = Buffer.from(this.sign(parts));
    const actual = Buffer.from(signature);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}

export function newHeader(msgType: string, session: string): MessageHeader {
  return {
    msg_id: randomUUID(),
    msg_type: msgType,
    session,
    username: os.userInfo().username,
    date: new Date().toISOString(),
    version: protocolVersion,
  };
}

export function encodeMessage(signer: MessageSigner, header: MessageHeader, content: JsonObject): Array<string | Buffer> {
  const parts = [JSON.stringify(header), JSON.stringify({}), JSON.stringify({}), JSON.stringify(content)];
  return [delimiter, signer.sign(parts), ...parts];
}

class InvalidMessageError extends Error {}

/** Parses received frames; throws InvalidMessageError on a bad signature or shape. */
export function decodeMessage(signer: MessageSigner, frames: Buffer[]): JupyterMessage {
  const delimiterIndex = frames.findIndex((frame) => frame.equals(delimiter));
  if (delimiterIndex < 0 || frames.length < delimiterIndex + 6) {
    throw new InvalidMessageError("message without the <IDS|MSG> delimiter or with missing frames");
  }
  const signature = frames[delimiterIndex + 1].toString();
  const signedParts = frames.slice(delimiterIndex + 2);
  if (!signer.verify(signature, signedParts)) {
    throw new InvalidMessageError("message with an invalid HMAC signature");
  }
  const [header, parentHeader, metadata, content, ...buffers] = signedParts;
  return {
    header: JSON.parse(header.toString()) as MessageHeader,
    parent_header: JSON.parse(parentHeader.toString()) as Partial<MessageHeader>,
    metadata: JSON.parse(metadata.toString()) as JsonObject,
    content: JSON.parse(content.toString()) as JsonObject,
    buffers,
  };
}
