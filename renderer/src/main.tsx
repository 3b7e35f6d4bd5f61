import { createRoot } from 'react-dom/client';
import { createHubClient } from './hub/client.js';

const client = createHubClient();
createRoot(document.getElementById('root')!).render(<p>MCP Hub {String(Boolean(client))}</p>);
