// The studio's version as packages and messages name it. Kept here rather than imported from
// package.json: the browser test server serves modules as they are, and a JSON import is not a
// module there. A test holds it equal to package.json's version.
export const STUDIO_VERSION = '0.1.0';
