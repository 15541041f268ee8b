import type { S3StorageOptions } from "@/lib/media/storage/s3";

/** The launcher's SeaweedFS (or the S3 that S3_ENDPOINT names), from the S3_* settings of the test profile. */
export function s3TestOptions(): S3StorageOptions {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the tests through the launcher (npm run stack -- exec …)`);
    return value;
  };
  return {
    endpoint: need("S3_ENDPOINT"),
    bucket: need("S3_BUCKET"),
    region: need("S3_REGION"),
    accessKeyId: need("S3_ACCESS_KEY_ID"),
    secretAccessKey: need("S3_SECRET_ACCESS_KEY"),
    forcePathStyle: process.env.S3_FORCE_PATH_STYLE === "true",
  };
}
