// The app's version, for the User-Agent and `--version`. Kept equal to package.json's "version"
// (a test checks it): importing package.json would pull a file outside the TypeScript projects.
export const APP_VERSION = '0.1.0';
