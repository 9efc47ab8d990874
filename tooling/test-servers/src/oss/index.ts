export { startOssServer, type OssServer, type OssServerOptions, type OssRequestRecord } from './oss-server.js';
export type { OssCredential } from './authenticate.js';
