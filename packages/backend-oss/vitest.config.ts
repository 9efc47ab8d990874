import { packageTests } from '@x/vitest-config';

export default packageTests();
