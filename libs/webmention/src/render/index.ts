/** Display: pure rendering of received Webmentions (view models, templates, Handlebars helpers). */
export {
  buildWebmentionsView,
  countWebmentions,
  parseTypeFilter,
  relateMentions,
  selectMentions,
  DEFAULT_FACEPILE_LIMIT,
  DEFAULT_MAX_COMMENTS,
  WEBMENTION_KINDS,
} from './group-mentions';
export type { CommentsView, FacepileView, RsvpView, WebmentionsView, WebmentionsViewOptions } from './group-mentions';
export { registerWebmentionHelpers, WEBMENTION_HELPER_NAMES } from './register-helpers';
export type { HandlebarsLike, SafeStringConstructor, WebmentionHelpersOptions } from './register-helpers';
export {
  checkEndpointUrl,
  createWebmentionRenderer,
  renderEndpointLink,
  renderSendForm,
  renderWebmentions,
} from './render-webmentions';
export type {
  RenderCallOptions,
  RenderWebmentionsOptions,
  WebmentionRenderer,
  WebmentionRendererOptions,
} from './render-webmentions';
export {
  compileTemplateFile,
  defaultWebmentionTemplates,
  loadWebmentionTemplates,
  resolveTemplateFiles,
  templateRuntimeOptions,
  DEFAULT_TEMPLATES_DIR,
  TEMPLATE_COMPILE_OPTIONS,
  WEBMENTION_TEMPLATE_NAMES,
  WebmentionTemplateError,
} from './template-loader';
export type {
  LoadWebmentionTemplatesOptions,
  WebmentionCompileOptions,
  WebmentionTemplate,
  WebmentionTemplateName,
  WebmentionTemplates,
} from './template-loader';
export {
  contentFields,
  isDisplayable,
  mentionKind,
  toFaceViewModel,
  toViewModel,
  DEFAULT_AVATAR_SIZE,
  DEFAULT_MAX_CONTENT_CHARS,
  RSVP_ORDER,
} from './view-model';
export type {
  ContentFields,
  RenderableWebmention,
  RsvpValue,
  ViewModelOptions,
  WebmentionViewModel,
} from './view-model';
