import { GenericContainer, Wait } from 'testcontainers';
import type { DynamoServer } from '../dynalite/index.js';
import type { S3Server } from '../radosgw/index.js';

const defaultImage = 'localstack/localstack:4.4.0';

/** One LocalStack container serving S3 and DynamoDB on the same endpoint. */
export interface LocalStackServers {
  s3: S3Server;
  dynamodb: DynamoServer;
  /** Removes the container (both servers). */
  stop(): Promise<void>;
}

/**
 * Starts LocalStack with only S3 and DynamoDB enabled (image from TFSTATE_TEST_LOCALSTACK_IMAGE or a
 * pinned release; newer LocalStack images may ask for an auth token). Needs a container engine.
 */
export async function startLocalStack(): Promise<LocalStackServers> {
  const container = await new GenericContainer(process.env.TFSTATE_TEST_LOCALSTACK_IMAGE ?? defaultImage)
    .withEnvironment({ SERVICES: 's3,dynamodb', EAGER_SERVICE_LOADING: '1' })
    .withExposedPorts(4566)
    .withWaitStrategy(Wait.forHttp('/_localstack/health', 4566).forResponsePredicate((body) => /"dynamodb":\s*"(available|running)"/.test(body)))
    .start();
  const endpoint = `http://${container.getHost()}:${container.getMappedPort(4566)}`;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= container.stop().then(() => undefined));
  return {
    s3: { endpoint, region: 'us-east-1', accessKeyId: 'test', secretAccessKey: 'test', stop },
    dynamodb: { endpoint, region: 'us-east-1', stop },
    stop,
  };
}

/** LocalStack used as the DynamoDB server only (S3 then comes from MinIO). */
export async function startLocalStackDynamo(): Promise<DynamoServer> {
  return (await startLocalStack()).dynamodb;
}
