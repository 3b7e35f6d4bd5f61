import type { OperationContext } from '../context.js';
import type { OperationHandlers } from '../service.js';
import { clientHandlers } from './clients.js';
import { configHandlers } from './config.js';
import { hubHandlers } from './hub.js';
import { loginHandlers } from './logins.js';
import { marketplaceHandlers } from './marketplace.js';
import { profileHandlers } from './profiles.js';
import { projectHandlers } from './project.js';
import { requestHandlers } from './requests.js';
import { serverHandlers } from './servers.js';
import { toolHandlers } from './tools.js';

/** Every operation of the contract, carried out on a hub and the parts composed around it. */
export function operationHandlers(context: OperationContext): OperationHandlers {
  return {
    ...hubHandlers(context),
    ...serverHandlers(context),
    ...requestHandlers(context),
    ...loginHandlers(context),
    ...configHandlers(context),
    ...marketplaceHandlers(context),
    ...clientHandlers(context),
    ...toolHandlers(context),
    ...profileHandlers(context),
    ...projectHandlers(context),
  };
}
