/** Sending Webmentions: target extraction, endpoint discovery and delivery. */
export { DEFAULT_MAX_TARGETS, REPLY_CONTEXT_PROPERTIES, extractTargets } from './link-extraction';
export type { ExtractTargetsOptions, ExtractedTargets } from './link-extraction';
export { WEBMENTION_REL, discoverEndpoint, endpointFromHtml, endpointFromLinkHeaders } from './endpoint-discovery';
export type { DiscoveryFailureReason, DiscoveryResult } from './endpoint-discovery';
export { deliverWebmention } from './delivery';
export type { DeliveryResult } from './delivery';
