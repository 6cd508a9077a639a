/** Middleware as a producer of protection sources (see routeSources.ts). */
import type { SourceProducer } from '../routeSources';
import { middlewareOf, middlewarePass } from './index';

export const middlewareProducer: SourceProducer = {
  name: 'middleware',
  forApp: ({ app, host }) => {
    const pass = middlewarePass(host, app.routes);
    return (route) => middlewareOf(route, pass).sources;
  },
};
