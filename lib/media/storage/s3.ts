import type { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { assertContentType } from "./assert-content-type";
import { assertMediaKey } from "./assert-media-key";
import { limitBytes } from "./limit-bytes";
import { MediaRangeError } from "./media-range-error";
import { type MediaStorage, MediaTooLargeError } from "./types";

const FALLBACK_TYPE = "application/octet-stream";
const MiB = 1024 * 1024;

/** Connection settings of an S3-compatible store (README "Configuration": the S3_* settings). */
export type S3StorageOptions = {
  /** e.g. "http://127.0.0.1:8333" or "https://s3.eu-central-1.amazonaws.com"; omitted: AWS's own for `region`. */
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (`<endpoint>/<bucket>/<key>`), which most self-hosted servers (SeaweedFS, MinIO) need. */
  forcePathStyle: boolean;
  /** Multipart part size in bytes (S3's minimum: 5 MiB); memory per upload is about partBytes × (queueSize + 1). */
  partBytes?: number;
  /** Parts sent at once per upload. */
  queueSize?: number;
};

const isNotFound = (e: unknown) =>
  e instanceof NoSuchKey ||
  e instanceof NotFound ||
  (e instanceof S3ServiceException && e.$metadata.httpStatusCode === 404);

/**
 * MediaStorage in an S3-compatible bucket through the AWS SDK v3 (`@aws-sdk/client-s3`), one object per key with its
 * Content-Type. Every request is signed (SigV4) with the given credentials.
 *
 * - put() streams through `Upload` (`@aws-sdk/lib-storage`): one PutObject for a body under one part, otherwise a
 *   multipart upload of `partBytes` parts, `queueSize` at a time, so memory stays near partBytes × (queueSize + 1)
 *   whatever the size. Past `maxBytes` the byte counter fails the stream with MediaTooLargeError and Upload aborts
 *   the multipart upload (AbortMultipartUpload): no object and no stored parts are left, and a previous object under
 *   the key stays (S3 replaces an object only when a put completes).
 * - get() sends `Range: bytes=start-end` (inclusive, RFC 9110 §14.1.2); an end past the last byte is cut by the
 *   server; a start past it (S3 `InvalidRange`, 416) or a malformed range throws MediaRangeError. `bytes` is the
 *   returned body's Content-Length. Missing key (404 NoSuchKey/NotFound) → null.
 * - delete() is S3's DeleteObject, which succeeds for a missing key.
 * - presignedGetUrl() is a SigV4 query-signed GET (`@aws-sdk/s3-request-presigner`), valid `expiresInSec` seconds
 *   (S3 allows at most 7 days).
 * Checksums are sent only where S3 requires them (`requestChecksumCalculation: "WHEN_REQUIRED"`): the SDK's default
 * ("WHEN_SUPPORTED") signs presigned URLs with the checksum of an empty body, which real uploads then fail
 * (400 BadDigest, seen with SeaweedFS), and several S3-compatible servers reject the newer checksum headers.
 * Other S3 errors (403 bad credentials, 5xx, network) are thrown as the SDK's errors.
 */
export function createS3Storage(opts: S3StorageOptions): MediaStorage {
  const client = new S3Client({
    endpoint: opts.endpoint,
    region: opts.region,
    forcePathStyle: opts.forcePathStyle,
    credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const Bucket = opts.bucket;

  async function headObject(key: string) {
    assertMediaKey(key);
    try {
      const res = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
      return { bytes: res.ContentLength ?? 0, contentType: res.ContentType ?? FALLBACK_TYPE };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  return {
    kind: "s3",

    async put(key: string, body: Readable, { contentType, maxBytes }: { contentType: string; maxBytes?: number }) {
      assertMediaKey(key);
      assertContentType(contentType);
      const counter = limitBytes(maxBytes);
      body.once("error", (e) => counter.destroy(e));
      counter.once("error", () => body.destroy());
      body.pipe(counter);
      const upload = new Upload({
        client,
        params: { Bucket, Key: key, Body: counter, ContentType: contentType },
        partSize: opts.partBytes ?? 5 * MiB,
        queueSize: opts.queueSize ?? 2,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (error) {
        body.destroy();
        counter.destroy();
        if (counter.errored instanceof MediaTooLargeError) throw counter.errored;
        throw body.errored ?? counter.errored ?? error;
      }
      return { bytes: counter.bytes };
    },

    async get(key: string, range?: { start: number; end: number }) {
      assertMediaKey(key);
      if (range) {
        const whole = Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end);
        if (!whole || range.start < 0 || range.end < range.start) throw new MediaRangeError(range);
      }
      try {
        const res = await client.send(
          new GetObjectCommand({ Bucket, Key: key, Range: range && `bytes=${range.start}-${range.end}` }),
        );
        return {
          body: res.Body as Readable,
          bytes: res.ContentLength ?? 0,
          contentType: res.ContentType ?? FALLBACK_TYPE,
        };
      } catch (e) {
        if (isNotFound(e)) return null;
        if (range && e instanceof S3ServiceException && e.$metadata.httpStatusCode === 416) {
          const head = await headObject(key);
          throw new MediaRangeError(range, head?.bytes);
        }
        throw e;
      }
    },

    head: headObject,

    async delete(key: string) {
      assertMediaKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },

    async presignedGetUrl(key: string, expiresInSec: number) {
      assertMediaKey(key);
      return getSignedUrl(client, new GetObjectCommand({ Bucket, Key: key }), { expiresIn: expiresInSec });
    },
  };
}
