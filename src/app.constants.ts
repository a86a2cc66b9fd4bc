/** Injection token of the example app's {@link AppConfig}. */
export const APP_CONFIG = Symbol('APP_CONFIG');
