/** Kept in step with package.json by hand; `px --version` prints it. */
export const VERSION = '0.1.0';
