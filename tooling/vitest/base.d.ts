import type { UserConfig } from 'vitest/config';
export declare function packageTests(test?: UserConfig['test']): UserConfig;
