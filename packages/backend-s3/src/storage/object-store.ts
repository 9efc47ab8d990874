import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import type { S3BackendSettings } from '../config/index.js';
import { isMissingObject, toBackendError } from '../s3-errors.js';
import { readProtection, writeProtection, type ReadProtection, type WriteProtection } from './object-encryption.js';
import { hashPayload, reusePayloadHash } from './payload-hash.js';
import { readBody } from './read-body.js';

/** One object as read. */
export interface StoredObject {
  bytes: Uint8Array;
  etag?: string;
  versionId?: string;
  lastModified?: Date;
  /** Lowercase hex MD5 of `bytes`, when the read was asked to compute it. */
  md5?: string;
}

/** What a PUT reports. */
export interface PutResult {
  etag?: string;
  versionId?: string;
}

/** Conditions of a PUT or DELETE; ETags are passed to the server exactly as given. */
export interface ObjectCondition {
  ifMatch?: string;
  ifNoneMatch?: '*';
  versionId?: string;
}

/**
 * The S3 calls for state and lock objects of one bucket, with Terraform's headers: JSON content
 * type, SSE/ACL on every PUT, SSE-C on every GET/HEAD, and a precomputed SHA-256 checksum header
 * (OpenTofu's choice, which avoids aws-chunked trailers) unless `skip_s3_checksum` is set.
 * Errors other than "missing" come back as `BackendError`s, except conditional failures, which
 * callers inspect and so receive raw.
 */
export class ObjectStore {
  readonly bucket: string;
  private readonly s3: S3Client;
  private readonly sendChecksum: boolean;
  private readonly forWrite: WriteProtection;
  private readonly forRead: ReadProtection;

  constructor(s3: S3Client, settings: S3BackendSettings) {
    this.s3 = s3;
    this.bucket = settings.bucket;
    this.sendChecksum = !settings.skipS3Checksum;
    this.forWrite = writeProtection(settings);
    this.forRead = readProtection(settings);
  }

  /**
   * The object, or undefined when it does not exist. `options.md5`: also compute the MD5 of the
   * bytes, chunk by chunk while they arrive (the digest check of `dynamodb_table`).
   */
  async get(key: string, versionId?: string, options: { md5?: boolean } = {}): Promise<StoredObject | undefined> {
    let response;
    try {
      response = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId, ...this.forRead }),
      );
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw toBackendError(error, { action: 'read', bucket: this.bucket, key });
    }
    const hash = options.md5 ? createHash('md5') : undefined;
    const bytes = await readBody(response.Body, response.ContentLength, `reading "${key}" from S3 bucket "${this.bucket}"`, hash).catch(
      (error: unknown) => {
        throw toBackendError(error, { action: 'read the body of', bucket: this.bucket, key });
      },
    );
    const object: StoredObject = { bytes, etag: response.ETag, versionId: response.VersionId, lastModified: response.LastModified };
    if (hash !== undefined) object.md5 = hash.digest('hex');
    return object;
  }

  /** ETag of the current object, or undefined when there is none. */
  async etagOf(key: string): Promise<string | undefined> {
    try {
      const response = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key, ...this.forRead }));
      return response.ETag;
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw toBackendError(error, { action: 'inspect', bucket: this.bucket, key });
    }
  }

  /**
   * PUTs `bytes` with Terraform's headers. A conditional failure rejects with the raw SDK error
   * (callers decide between conflict and quirk); anything else with a `BackendError`.
   */
  async put(key: string, bytes: Uint8Array, condition: ObjectCondition = {}): Promise<PutResult> {
    const hash = hashPayload(bytes);
    const input: PutObjectCommandInput = {
      Bucket: this.bucket,
      Key: key,
      Body: bytes,
      ContentLength: bytes.byteLength,
      ContentType: 'application/json',
      IfMatch: condition.ifMatch,
      IfNoneMatch: condition.ifNoneMatch,
      ...this.forWrite,
      ...(this.sendChecksum ? { ChecksumAlgorithm: 'SHA256', ChecksumSHA256: hash.base64 } : {}),
    };
    const command = new PutObjectCommand(input);
    reusePayloadHash(command.middlewareStack, hash);
    try {
      const response = await this.s3.send(command);
      return { etag: response.ETag, versionId: response.VersionId };
    } catch (error) {
      if (condition.ifMatch !== undefined || condition.ifNoneMatch !== undefined) throw error;
      throw toBackendError(error, { action: 'upload', bucket: this.bucket, key });
    }
  }

  /** DELETEs the object (a delete marker in versioned buckets unless `versionId` is given). */
  async delete(key: string, condition: ObjectCondition = {}): Promise<void> {
    try {
      await this.s3.send(
        new DeleteObjectCommand({ Bucket: this.bucket, Key: key, IfMatch: condition.ifMatch, VersionId: condition.versionId }),
      );
    } catch (error) {
      if (condition.ifMatch !== undefined || condition.versionId !== undefined) throw error;
      throw toBackendError(error, { action: 'delete', bucket: this.bucket, key });
    }
  }
}
