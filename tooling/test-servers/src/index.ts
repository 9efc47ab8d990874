export { startRadosgw, ensureCephPackages, type S3Server, type RadosgwOptions } from './radosgw/index.js';
export { startDynalite, type DynamoServer } from './dynalite/index.js';
export { startOssServer, type OssServer, type OssServerOptions } from './oss/index.js';
export { startTableStoreServer, type TableStoreServer, type TableStoreServerOptions } from './tablestore/index.js';
export { chooseBackend, containerEngineAnswers, type TestBackend } from './containers/choose-backend.js';
export {
  parseServerKinds,
  startTestServers,
  testServersSetup,
  type StartedTestServers,
  type TestServerKind,
  type TestServers,
} from './global-setup.js';
export { chromiumExecutablePath, ensureChromium } from './chromium/index.js';
export { startFaultProxy, type FaultProxy, type Faults } from './fault-proxy/index.js';
