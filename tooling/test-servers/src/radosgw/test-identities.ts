import { runCommand } from './run-command.js';

/** The S3 user every test talks as. radosgw checks SigV4 signatures against this secret. */
export const testUser = { uid: 'test', accessKeyId: 'test', secretAccessKey: 'testsecret' } as const;

/** A role the test user may assume through STS AssumeRole; its policy allows every S3 action. */
export const testRole = { name: 'tfstate-test-role', arn: 'arn:aws:iam:::role/tfstate-test-role' } as const;

const trustPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam:::user/${testUser.uid}`] }, Action: ['sts:AssumeRole'] }],
});

const rolePolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: ['arn:aws:s3:::*'] }],
});

/** Creates the test user and the STS role with radosgw-admin, which talks to RADOS directly. */
export async function createTestIdentities(configFile: string): Promise<void> {
  const admin = (...args: string[]) => runCommand('radosgw-admin', ['-c', configFile, '-n', 'client.admin', ...args], { timeoutMs: 60_000 });
  await admin(
    'user', 'create',
    `--uid=${testUser.uid}`, '--display-name=tfstate test user',
    `--access-key=${testUser.accessKeyId}`, `--secret-key=${testUser.secretAccessKey}`,
  );
  await admin('caps', 'add', `--uid=${testUser.uid}`, '--caps=roles=*;user-policy=*');
  await admin('role', 'create', `--role-name=${testRole.name}`, `--assume-role-policy-doc=${trustPolicy}`);
  await admin('role-policy', 'put', `--role-name=${testRole.name}`, '--policy-name=allow-s3', `--policy-doc=${rolePolicy}`);
}
