import { GenericContainer, Wait } from 'testcontainers';
import type { S3Server } from '../radosgw/index.js';

const defaultImage = 'minio/minio:RELEASE.2025-09-07T16-13-09Z';
const credentials = { accessKeyId: 'test', secretAccessKey: 'testsecret' } as const;

/**
 * Starts MinIO in a container (image from TFSTATE_TEST_MINIO_IMAGE or a pinned release) and resolves
 * once its readiness endpoint answers. Needs a container engine; the container is removed on stop
 * and by testcontainers' reaper if the test process dies.
 */
export async function startMinio(): Promise<S3Server> {
  const container = await new GenericContainer(process.env.TFSTATE_TEST_MINIO_IMAGE ?? defaultImage)
    .withEnvironment({ MINIO_ROOT_USER: credentials.accessKeyId, MINIO_ROOT_PASSWORD: credentials.secretAccessKey })
    .withCommand(['server', '/data'])
    .withExposedPorts(9000)
    .withWaitStrategy(Wait.forHttp('/minio/health/ready', 9000))
    .start();
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://${container.getHost()}:${container.getMappedPort(9000)}`,
    region: 'us-east-1',
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    stop: () => (stopping ??= container.stop().then(() => undefined)),
  };
}
