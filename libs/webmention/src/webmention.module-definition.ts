import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { WebmentionModuleExtras, WebmentionModuleOptions } from './interfaces/webmention-options.interface';
import { WEBMENTION_DEFAULTS } from './webmention.defaults';

export const {
  ConfigurableModuleClass: ConfigurableWebmentionModule,
  MODULE_OPTIONS_TOKEN,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WebmentionModuleOptions>({ moduleName: 'Webmention' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createWebmentionOptions')
  .setExtras<WebmentionModuleExtras>({ ...WEBMENTION_DEFAULTS.extras }, (definition) => definition)
  .build();
