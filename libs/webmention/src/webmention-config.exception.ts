/** Thrown at boot when the module is configured wrongly; the message says what to change. */
export class WebmentionConfigError extends Error {
  constructor(message: string) {
    super(`WebmentionModule: ${message}`);
    this.name = 'WebmentionConfigError';
  }
}
