/**
 * After each test file of the n8n 1.x run: n8n-core 1.x's SSH tunnel manager, created with the first node
 * context, starts a 60 s clean-up interval that it never unrefs (2.x unrefs it). A long-running n8n never
 * notices; a test process would never exit. Its own shutdown clears the interval (and would close any tunnel).
 */
import { Container } from '@n8n/di';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';

afterAll(() => {
	Container.get(SSHClientsManager).onShutdown();
});
