/**
 * Drives a real, pinned n8n (2.41.1 on Node 24, installed by e2e/runtime/prepare.sh) for end-to-end tests, the demo
 * and the burst benchmark, in small modules: runtime and environment, package install, CLI, server, REST API and
 * child processes.
 */
export { executeWorkflow, importCredentials, importWorkflow, nodeItems, parseRunJson, publishWorkflow } from './cli';
export type { CredentialFixture, ExecuteOptions, ExecuteResult, N8nRun, WorkflowJson } from './cli';
export { installCommunityPackage } from './install';
export { startBackground } from './processes';
export type { BackgroundOptions, BackgroundProcess } from './processes';
export {
	dataTableRows,
	dataTablesNamed,
	deactivateWorkflow,
	listenForTestEvent,
	runFromManualTrigger,
	setUpOwner,
	stopListening,
	waitUntil,
	workflowExecutions,
} from './rest';
export type { DataTableInfo, ExecutionSummary, RestSession } from './rest';
export { createUserFolder, ensureRuntime, n8nEnv, N8N_VERSION, runtimePaths, TEST_ENCRYPTION_KEY } from './runtime';
export type { RuntimePaths } from './runtime';
export { freePort, httpStatus, newLogFile, startN8n } from './server';
export type { RunningN8n, StartOptions } from './server';
