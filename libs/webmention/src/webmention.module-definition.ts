import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { WebmentionModuleExtras, WebmentionModuleOptions } from './interfaces/webmention-options.interface';
import { DEFAULT_API_PATH, DEFAULT_ENDPOINT_PATH } from './webmention.constants';

/** Defaults of the extras (see {@link WebmentionModuleExtras}). */
export const DEFAULT_EXTRAS: Required<WebmentionModuleExtras> = {
  isGlobal: false,
  queue: 'inline',
  processor: true,
  controllers: true,
  endpointPath: DEFAULT_ENDPOINT_PATH,
  apiPath: DEFAULT_API_PATH,
};

export const {
  ConfigurableModuleClass: ConfigurableWebmentionModule,
  MODULE_OPTIONS_TOKEN,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WebmentionModuleOptions>({ moduleName: 'Webmention' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createWebmentionOptions')
  .setExtras<WebmentionModuleExtras>(DEFAULT_EXTRAS, (definition) => definition)
  .build();
