import helmet from 'helmet';

/**
 * The blog's security headers (helmet): a Content-Security-Policy that allows no script at all — neither files nor
 * inline code nor `on…` attributes — so markup that slipped through sanitising cannot run; images only from this
 * origin (author photos and content images come through the media proxy); forms post only here; no framing.
 * Cross-origin reads of the library's API and stylesheet stay allowed (`Cross-Origin-Resource-Policy: cross-origin`).
 */
export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'none'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      mediaSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginResourcePolicy: { policy: 'cross-origin' },
  // NOTE: the example runs on plain http://localhost too; HSTS is for a deployment behind TLS to add.
  strictTransportSecurity: false,
});
