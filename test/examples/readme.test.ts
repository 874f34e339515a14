/**
 * The README and the example workflows cannot drift apart: every `| Node | Field | Value |` table of the README
 * describes the example it follows (the last `examples/<file>.json` named before it), and each row must hold in that
 * file, with the value as the editor shows it. Every example is described, and every webhook path the README gives
 * is one an example serves.
 */
import * as fs from 'fs';
import * as path from 'path';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { RyzeApi } from '../../nodes/RyzeApi/RyzeApi.node';
import { RyzeApiTrigger } from '../../nodes/RyzeApiTrigger/RyzeApiTrigger.node';
import { PROJECT_ROOT } from '../../e2e/lib/ryzeapi';
import { exampleFiles, readExampleWorkflow } from '../support/examples';

interface ExampleNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	onError?: string;
}

interface Row {
	example: string;
	node: string;
	field: string;
	value: string;
}

const README = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
const EXAMPLE_FILES = exampleFiles();

function exampleNodes(file: string): ExampleNode[] {
	return readExampleWorkflow(file).nodes as ExampleNode[];
}

/** Every row of every `| Node | Field | Value |` table, with the example named last before the table. */
function readmeRows(): Row[] {
	const rows: Row[] = [];
	let example: string | undefined;
	let inTable = false;
	for (const line of README.split('\n')) {
		// A `\|` inside a cell is Markdown's escaped pipe (an expression's ||).
		const cells = line.trim().startsWith('|')
			? line
					.trim()
					.slice(1, -1)
					.split(/(?<!\\)\|/)
					.map((cell) => cell.trim().replace(/\\\|/g, '|'))
			: undefined;
		if (!cells) {
			inTable = false;
			for (const match of line.matchAll(/examples\/([\w-]+\.json)/g)) example = match[1];
			continue;
		}
		if (cells.join('|') === 'Node|Field|Value') {
			if (!example) throw new Error('a Node | Field | Value table before any example is named');
			inTable = true;
			continue;
		}
		if (inTable && !cells[0].startsWith('---')) rows.push({ example: example!, node: cells[0], field: cells[1], value: cells[2] });
	}
	return rows;
}

/** The README writes values as the editor shows them; code in backticks stands for itself. */
function readmeValue(cell: string): string {
	return cell.replace(/`([^`]*)`/g, '$1');
}

const ACTION_PROPERTIES = new RyzeApi().description.properties;
const TRIGGER_PROPERTIES = new RyzeApiTrigger().description.properties;

/** A RyzeAPI node's option shown for a stored value, from the node's own description. */
function optionName(properties: INodeProperties[], name: string, value: unknown): string | undefined {
	const options = properties.filter((property) => property.name === name).flatMap((property) => (property.options ?? []) as INodePropertyOptions[]);
	return options.find((option) => option.value === value)?.name;
}

/** An entry of a RyzeAPI node's Options collection, by the label the editor shows. */
function optionsEntry(displayName: string): string | undefined {
	const entries = ACTION_PROPERTIES.filter((property) => property.name === 'options').flatMap((property) => (property.options ?? []) as INodeProperties[]);
	return entries.find((entry) => entry.displayName === displayName)?.name;
}

function shown(value: unknown): string {
	if (value === true) return 'on';
	if (value === false || value === undefined) return 'off';
	return String(value).replace(/^=/, '');
}

const LOCATOR_MODES: Record<string, string> = { list: 'From List', id: 'By ID', name: 'By Name' };
const ON_ERROR: Record<string, string> = {
	stopWorkflow: 'Stop Workflow',
	continueRegularOutput: 'Continue',
	continueErrorOutput: 'Continue (using error output)',
};
const WEBHOOK_RESPOND: Record<string, string> = {
	onReceived: 'Immediately',
	lastNode: 'When Last Node Finishes',
	responseNode: "Using 'Respond to Webhook' Node",
};
const RESPOND_WITH: Record<string, string> = { allIncomingItems: 'All Incoming Items', firstIncomingItem: 'First Incoming Item', json: 'JSON', text: 'Text', noData: 'No Data' };

/** What the editor shows in `field` of `node`, read from the example file. */
function fieldValue(node: ExampleNode, field: string): string | undefined {
	const { parameters } = node;
	const options = (parameters.options ?? {}) as Record<string, unknown>;
	if (field === 'Settings → On Error') return ON_ERROR[node.onError ?? 'stopWorkflow'];
	if (node.type === 'n8n-nodes-base.webhook') {
		if (field === 'HTTP Method') return String(parameters.httpMethod ?? 'GET');
		if (field === 'Path') return String(parameters.path);
		if (field === 'Respond') return WEBHOOK_RESPOND[String(parameters.responseMode ?? 'onReceived')];
		if (field === 'Options → Response Code') {
			const code = options.responseCode as { values?: { customCode?: number; responseCode?: number } } | undefined;
			return shown(code?.values?.customCode ?? code?.values?.responseCode);
		}
	}
	if (node.type === 'n8n-nodes-base.respondToWebhook') {
		if (field === 'Respond With') return RESPOND_WITH[String(parameters.respondWith)];
		if (field === 'Options → Response Code') return shown(options.responseCode);
	}
	if (node.type === 'n8n-nodes-base.dataTable' && field === 'Data table') return String((parameters.dataTableId as { value: string }).value);
	if (node.type === 'n8n-nodes-ryzeapi.ryzeApiTrigger' && field === 'Events') {
		return (parameters.events as string[]).map((event) => optionName(TRIGGER_PROPERTIES, 'events', event)).join(', ');
	}
	if (node.type.startsWith('n8n-nodes-ryzeapi.')) {
		if (field === 'Operation') return optionName(ACTION_PROPERTIES, 'operation', parameters.operation);
		if (field === 'Select Groups') return optionName(ACTION_PROPERTIES, 'groupSelection', parameters.groupSelection);
		if (field === 'Output') return optionName(ACTION_PROPERTIES, 'output', parameters.output);
		if (field === 'Mode') return optionName(ACTION_PROPERTIES, 'syncMode', parameters.syncMode);
		if (field === 'Group Names or IDs') return shown(parameters.groups);
		if (field === 'Group Names') return shown(parameters.groupNames);
		if (field === 'Community') {
			const community = parameters.community as { mode: string; value: string };
			return `${LOCATOR_MODES[community.mode]}: ${shown(community.value)}`;
		}
		const option = field.startsWith('Options → ') ? optionsEntry(field.slice('Options → '.length)) : undefined;
		if (option) return shown(options[option]);
	}
	return undefined;
}

const rows = readmeRows();

describe('README ↔ examples', () => {
	it('the README has field tables for the examples a user sets up by hand', () => {
		expect(new Set(rows.map((row) => row.example))).toEqual(new Set(['webhook-link-groups.json', 'webhook-link-groups-async.json', 'trigger-auto-link.json']));
	});

	it.each(rows.map((row) => [`${row.example} › ${row.node} › ${row.field}`, row] as const))('%s is as the README says', (_, row) => {
		const node = exampleNodes(row.example).find((candidate) => candidate.name === row.node);
		expect(node).toBeDefined();

		const actual = fieldValue(node!, row.field);

		if (actual === undefined) throw new Error(`this test cannot read "${row.field}" of a ${node!.type} node: teach fieldValue how`);
		expect(actual).toBe(readmeValue(row.value));
	});

	it('names every example', () => {
		for (const file of EXAMPLE_FILES) expect(README).toContain(`(examples/${file})`);
	});

	it('gives only webhook paths an example serves', () => {
		const served = EXAMPLE_FILES.flatMap((file) =>
			exampleNodes(file)
				.filter((node) => node.type === 'n8n-nodes-base.webhook')
				.map((node) => String(node.parameters.path)),
		);
		const given = [...README.matchAll(/\/webhook\/([\w-]+)/g)].map((match) => match[1]);
		expect(given.length).toBeGreaterThan(0);
		for (const webhookPath of given) expect(served).toContain(webhookPath);
	});
});
