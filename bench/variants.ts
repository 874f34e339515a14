/** The three ways of making the same `POST /api/community/link/main` call that the benchmark compares. */
import path from 'node:path';

import type { ICredentialType, INodeType } from 'n8n-workflow';

import type { BenchNode, EngineSetup } from './engine';
import { MinimalLink } from './MinimalLink.node';
import { loadNodesBase } from './n8nNodesBase';
import { COMMUNITY_JID, INSTANCE, TOKEN } from './world';

export interface Variant {
	key: 'a' | 'b' | 'c';
	label: string;
	node: BenchNode;
}

// The same expression feeds the groups in every variant: the item's list of group JIDs.
const GROUPS = '={{ $json.groupJids }}';

export interface Variants {
	variants: Variant[];
	setup: EngineSetup;
	nodesBaseVersion: string;
}

export function buildVariants(baseUrl: string): Variants {
	// The shipped JavaScript (npm run bench builds it first), as n8n loads it from the installed package.
	const dist = path.resolve(__dirname, '..', 'dist');
	const { RyzeApi } = require(path.join(dist, 'nodes/RyzeApi/RyzeApi.node.js')) as { RyzeApi: new () => INodeType };
	const { RyzeApi: RyzeApiCredential } = require(path.join(dist, 'credentials/RyzeApi.credentials.js')) as {
		RyzeApi: new () => ICredentialType;
	};
	const base = loadNodesBase();
	const httpRequest = new base.HttpRequest();
	const ryzeCredential = { ryzeApi: { id: 'ryze', name: 'RyzeAPI' } };

	const variants: Variant[] = [
		{
			key: 'a',
			label: 'RyzeAPI › Link Groups',
			node: {
				type: 'n8n-nodes-ryzeapi.ryzeApi',
				typeVersion: 1,
				parameters: {
					resource: 'community',
					operation: 'linkGroups',
					instance: { __rl: true, mode: 'name', value: INSTANCE },
					communityJid: COMMUNITY_JID,
					groupJids: GROUPS,
				},
				credentials: ryzeCredential,
			},
		},
		{
			key: 'b',
			label: 'minimal declarative node',
			node: {
				type: 'bench.minimalLink',
				typeVersion: 1,
				parameters: { instance: INSTANCE, communityJid: COMMUNITY_JID, groupJids: GROUPS },
				credentials: ryzeCredential,
			},
		},
		{
			key: 'c',
			label: `n8n HTTP Request v${httpRequest.description.defaultVersion}`,
			node: {
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: httpRequest.description.defaultVersion ?? 4.2,
				parameters: {
					method: 'POST',
					url: `${baseUrl}/api/community/link/${INSTANCE}`,
					// A Header Auth credential, as the HTTP Request docs recommend for a token header.
					authentication: 'genericCredentialType',
					genericAuthType: 'httpHeaderAuth',
					sendBody: true,
					contentType: 'json',
					specifyBody: 'keypair',
					bodyParameters: {
						parameters: [
							{ name: 'communityJid', value: COMMUNITY_JID },
							{ name: 'groupJid', value: GROUPS },
						],
					},
				},
				credentials: { httpHeaderAuth: { id: 'header', name: 'RyzeAPI token header' } },
			},
		},
	];

	return {
		variants,
		nodesBaseVersion: base.version,
		setup: {
			nodeTypes: {
				'n8n-nodes-ryzeapi.ryzeApi': new RyzeApi(),
				'bench.minimalLink': new MinimalLink(),
				'n8n-nodes-base.httpRequest': httpRequest,
			},
			credentialTypes: { ryzeApi: new RyzeApiCredential(), httpHeaderAuth: new base.HttpHeaderAuth() },
			credentials: {
				ryzeApi: { tokenType: 'instance', token: TOKEN, baseUrl },
				httpHeaderAuth: { name: 'token', value: TOKEN },
			},
		},
	};
}
