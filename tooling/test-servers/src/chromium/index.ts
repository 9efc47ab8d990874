export { chromiumExecutablePath, ensureChromium } from './ensure-chromium.js';
