// The render worker's entry point, plain JavaScript so Node can load it as it is: Node 20 does not apply the
// loader a Worker is given with `execArgv: ['--import', 'tsx']` to the worker's own entry (nodejs/node#47747),
// so tsx is registered here, then the TypeScript worker is imported through it.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker.ts');
