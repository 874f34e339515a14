import axios from 'axios';
import { Workflow, type INode, type INodeTypes } from 'n8n-workflow';

import { RyzeApi } from '../../credentials/RyzeApi.credentials';
import { DEMO } from '../../simulator';
import { useSimulator } from '../support/simulator';

const harness = useSimulator();
const credential = new RyzeApi();

/** Resolves the credential's `={{...}}` values with n8n's own expression engine, as n8n does. */
function resolve(value: string, credentials: Record<string, string>): string {
	const node: INode = { id: 'n', name: 'n', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} };
	const nodeTypes = { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypes as unknown as INodeTypes });
	return String(workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }));
}

/** Sends the credential's test request the way n8n's credential test does: test request + authenticate block. */
async function sendCredentialTest(credentials: Record<string, string>) {
	const { request } = credential.test;
	const headers = Object.fromEntries(
		Object.entries(credential.authenticate.properties.headers ?? {}).map(([name, value]) => [name, resolve(String(value), credentials)]),
	);
	return await axios.request({
		baseURL: resolve(String(request.baseURL), credentials),
		url: request.url,
		method: request.method,
		headers,
		proxy: false,
		validateStatus: () => true,
	});
}

describe('RyzeAPI credential', () => {
	it('offers both token kinds, Instance Token first by default', () => {
		const tokenType = credential.properties.find((property) => property.name === 'tokenType');
		expect(tokenType?.default).toBe('instance');
		expect(tokenType?.options?.map((option) => ('value' in option ? option.value : ''))).toEqual(['account', 'instance']);
		expect(credential.properties.find((property) => property.name === 'token')?.typeOptions?.password).toBe(true);
	});

	it.each([
		['an Account Token', DEMO.accountToken],
		['an Instance Token', DEMO.instances.main.token],
	])('passes its test with %s, sending it in the token header only', async (_kind, token) => {
		const response = await sendCredentialTest({ token, baseUrl: `${harness.sim.url}/` });

		expect(response.status).toBe(200);
		expect(harness.sim.requests[0]).toMatchObject({ method: 'GET', path: '/api/instance/list' });
		expect(harness.sim.requests[0].headers.token).toBe(token);
		expect(harness.sim.requests[0].url).not.toContain(token);
	});

	/** The message n8n shows for a failed test: the rule for the answer's HTTP status (n8n's own text without one). */
	const ruleMessage = (status: number) => credential.test.rules?.find((rule) => rule.type === 'responseCode' && rule.properties.value === status)?.properties.message;

	it('fails its test with a wrong token, saying the token was refused and to check its kind', async () => {
		const response = await sendCredentialTest({ token: 'not-a-token', baseUrl: harness.sim.url });

		expect(response.status).toBe(401);
		expect(ruleMessage(response.status)).toMatch(/^RyzeAPI refused this token \(HTTP 401\).*Token Type/);
	});

	it('fails its test with a Base URL that is not RyzeAPI, saying so', async () => {
		const response = await sendCredentialTest({ token: DEMO.accountToken, baseUrl: `${harness.sim.url}/api` });

		expect(response.status).toBe(404);
		expect(ruleMessage(response.status)).toMatch(/^The Base URL answered HTTP 404 .* not RyzeAPI's address/);
	});

	it.each([429, 502])('has a message for HTTP %i that says the token was not the problem', (status) => {
		expect(ruleMessage(status)).toMatch(/rate limit|test again/);
	});
});
