import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** PEM files of a throw-away certificate authority and certificates it signed, made with the openssl CLI. */
export interface TestCertificates {
  caPath: string;
  ca: string;
  serverCertPath: string;
  serverKeyPath: string;
  clientCert: string;
  clientKey: string;
  /** A client certificate from a different CA, which the server must refuse. */
  strangerCert: string;
  strangerKey: string;
}

/** Makes a CA, a server certificate for 127.0.0.1 and two client certificates (one from another CA) in `directory`. */
export async function makeTestCertificates(directory: string): Promise<TestCertificates> {
  const path = (name: string) => join(directory, name);
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const authority = async (name: string) =>
    run('openssl', ['req', '-x509', ...ecKey, '-keyout', path(`${name}.key`), '-out', path(`${name}.pem`), '-days', '2', '-subj', `/CN=${name}`]);
  await Promise.all([authority('test-ca'), authority('stranger-ca')]);
  await writeFile(path('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await writeFile(path('client.ext'), 'extendedKeyUsage=clientAuth\n');
  const issue = async (name: string, subject: string, ca: string, extensions: string) => {
    await run('openssl', ['req', ...ecKey, '-keyout', path(`${name}.key`), '-out', path(`${name}.csr`), '-subj', `/CN=${subject}`]);
    await run('openssl', [
      'x509', '-req', '-in', path(`${name}.csr`), '-CA', path(`${ca}.pem`), '-CAkey', path(`${ca}.key`), '-CAcreateserial',
      '-out', path(`${name}.pem`), '-days', '2', '-extfile', path(extensions),
    ]);
  };
  await Promise.all([
    issue('server', '127.0.0.1', 'test-ca', 'server.ext'),
    issue('client', 'ci-runner', 'test-ca', 'client.ext'),
    issue('stranger', 'stranger', 'stranger-ca', 'client.ext'),
  ]);
  const text = (name: string) => readFile(path(name), 'utf8');
  return {
    caPath: path('test-ca.pem'),
    ca: await text('test-ca.pem'),
    serverCertPath: path('server.pem'),
    serverKeyPath: path('server.key'),
    clientCert: await text('client.pem'),
    clientKey: await text('client.key'),
    strangerCert: await text('stranger.pem'),
    strangerKey: await text('stranger.key'),
  };
}
