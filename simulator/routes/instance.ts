import { visibleInstances } from '../auth';
import { HttpError, type Reply, success } from '../http';
import type { SimInstance } from '../world';
import type { RouteContext } from './context';

/** GET /api/instance/list[?instanceName=a,b] — the filter applies to account tokens only. */
export function listInstances({ world, principal, query }: RouteContext): Reply {
	let instances = visibleInstances(world, principal);
	const wanted = (query.instanceName ?? '').split(',').map((name) => name.trim()).filter(Boolean);
	if (principal.kind === 'account' && wanted.length > 0) {
		instances = instances.filter((instance) => wanted.includes(instance.name));
		if (instances.length === 0) throw new HttpError(404, 'Instance not found');
	}
	const count = instances.length;
	return success(`${count} ${count === 1 ? 'Instance' : 'Instances'} found`, { instances: instances.map(describeInstance) });
}

function describeInstance(instance: SimInstance): Record<string, unknown> {
	return {
		name: instance.name,
		connection: { state: instance.state },
		profile: { name: instance.profileName, phone: instance.phone, jid: `${instance.phone}@s.whatsapp.net` },
	};
}
