/** The fields of an ali-oss error the OSS server tests check. */
export interface OssFailure {
  status: number;
  code: string;
  name: string;
  requestId?: string;
}

/**
 * Waits for an ali-oss call that must fail and returns its error, so a test can match the status and code the server
 * answered with. A call that succeeds fails the test instead.
 */
export async function failure(promise: Promise<unknown>): Promise<OssFailure> {
  try {
    await promise;
  } catch (error) {
    return error as OssFailure;
  }
  throw new Error('expected the OSS call to fail');
}
