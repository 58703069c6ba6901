/**
 * COPY streams: the text-format codec, the on-the-fly column transformer and the row and byte
 * tally used for progress.
 * @module
 */

export {
  decodeCopyField,
  decodeCopyRow,
  encodeCopyField,
  encodeCopyFieldInto,
  encodeCopyRow,
  isCopyNull,
  maxEncodedLength,
} from "./text_codec.ts";
export { CopyTextTransformer, copyTextTransformStream, transformCopyText } from "./text_transform.ts";
export type { ByteFieldTransform, CopyTextTransformOptions, FieldTransform } from "./text_transform.ts";
export { CopyTextCounter, createTally, tallyCopyText } from "./text_tally.ts";
export type { CopyTally } from "./text_tally.ts";
