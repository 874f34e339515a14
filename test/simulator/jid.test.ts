import { JidParseError, parseLenientJid } from '../../simulator/jid';

describe("the server's lenient JID parser", () => {
	it.each([
		['120363400000000001@g.us', '120363400000000001@g.us'],
		['  120363400000000001@g.us ', '120363400000000001@g.us'],
		['4911111111111-1583093984@g.us', '4911111111111-1583093984@g.us'],
		['5511900000001@s.whatsapp.net', '5511900000001@s.whatsapp.net'],
		['120363400000000001', '120363400000000001'],
		['not a jid', 'not a jid'],
	])('lets %j through as %j', (raw, parsed) => {
		expect(parseLenientJid(raw)).toBe(parsed);
	});

	it.each([
		['', 'empty JID'],
		['   ', 'empty JID'],
		['a@b@g.us', 'unexpected number of @ in JID: 2'],
	])('rejects %j: %s', (raw, reason) => {
		expect(() => parseLenientJid(raw)).toThrow(new JidParseError(reason));
	});
});
