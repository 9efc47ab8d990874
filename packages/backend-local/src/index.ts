export { createLocalProvider, type LocalProviderOptions } from './local-provider.js';
export { LOCAL_CAPABILITIES } from './capabilities.js';
export { STATE_FILE_NAME, WORKSPACE_DIRECTORY_NAME } from './local-layout.js';
