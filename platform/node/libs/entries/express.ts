/** Bundled into dist/node/libs/express.cjs; loaded only when the app has express installed. */
import { ExpressInstrumentation } from '../express/instrumentation';

export const create = () => [new ExpressInstrumentation()];
