import { parseGroupJid, parseGroupJidList, parsePhone, parsePhoneList } from '../../../../nodes/RyzeApi/shared/jid';

describe('parseGroupJid', () => {
	it.each([
		['120363406289005073@g.us', '120363406289005073@g.us'],
		['  120363406289005073@g.us\n', '120363406289005073@g.us'],
		['120363406289005073', '120363406289005073@g.us'],
		['120363406289005073@G.US', '120363406289005073@g.us'],
		['4911111111111-1583093984@g.us', '4911111111111-1583093984@g.us'],
		['4911111111111-1583093984', '4911111111111-1583093984@g.us'],
		[12345, '12345@g.us'],
	])('reads %j as the group %s', (input, expected) => {
		expect(parseGroupJid(input)).toEqual({ jid: expected });
	});

	it.each([
		['5511999999999@s.whatsapp.net', "a person's WhatsApp ID"],
		['5511999999999@c.us', "a person's WhatsApp ID"],
		['123456789@lid', 'hidden ID (@lid)'],
		['120363000000000000@newsletter', 'channel'],
		['status@broadcast', 'broadcast list'],
		['my group', 'not a group JID'],
		['120363406289005073@g.us@g.us', 'not a group JID'],
		['12-34-56@g.us', 'not a group JID'],
		['', 'it is empty; give a group JID'],
		['   ', 'it is empty'],
		[null, 'it is empty'],
		[undefined, 'it is empty'],
		[{ a: 1 }, 'an object, not a group JID'],
		[true, 'a boolean, not a group JID'],
		[120363406289005073, 'cannot hold a group ID exactly'],
		[-5, 'cannot hold a group ID exactly'],
		[1.5, 'cannot hold a group ID exactly'],
	])('refuses %j, saying it is %s', (input, problem) => {
		const result = parseGroupJid(input);
		expect(result).toHaveProperty('problem');
		expect((result as { problem: string }).problem).toContain(problem);
	});

	it('quotes a huge bad value in short', () => {
		const result = parseGroupJid(`x${'a'.repeat(10_000)}`) as { problem: string };
		expect(result.problem.length).toBeLessThan(120);
	});
});

describe('parseGroupJidList', () => {
	it('splits on commas, semicolons, spaces and new lines, completing bare ids', () => {
		expect(parseGroupJidList('1@g.us, 2;3\n4  5@g.us\t6').jids).toEqual(['1@g.us', '2@g.us', '3@g.us', '4@g.us', '5@g.us', '6@g.us']);
	});

	it('removes duplicates, keeping the first position, also across spellings', () => {
		expect(parseGroupJidList('2, 1@g.us, 2@g.us, 1, 3').jids).toEqual(['2@g.us', '1@g.us', '3@g.us']);
	});

	it('reads an array from an expression, flattening nested lists', () => {
		expect(parseGroupJidList(['1@g.us', ['2', ['3@g.us']], 4]).jids).toEqual(['1@g.us', '2@g.us', '3@g.us', '4@g.us']);
	});

	it('reads a JSON array pasted as text', () => {
		expect(parseGroupJidList('["1@g.us", "2"]').jids).toEqual(['1@g.us', '2@g.us']);
	});

	it('collects every invalid value as a problem', () => {
		const list = parseGroupJidList('1@g.us, 55119@s.whatsapp.net, nope');
		expect(list.jids).toEqual(['1@g.us']);
		expect(list.problems).toHaveLength(2);
		expect(list.problems[0]).toContain('55119@s.whatsapp.net');
	});

	it.each([[''], ['  ,  ;\n'], [[]], [null], [undefined]])('gives no groups for %j', (input) => {
		expect(parseGroupJidList(input)).toEqual({ jids: [], problems: [] });
	});
});

describe('parsePhone (the people a new group starts with)', () => {
	it.each([
		['5511999999999', '5511999999999'],
		['+55 11 99999-9999', '5511999999999'],
		['+1 (415) 555.0100', '14155550100'],
		['5511999999999@s.whatsapp.net', '5511999999999'],
		[' 5511999999999@C.US ', '5511999999999'],
		[5511999999999, '5511999999999'],
	])('reads %j as the number %s', (input, phone) => {
		expect(parsePhone(input)).toEqual({ phone });
	});

	it.each([
		['011 99999-9999', 'starts with 0'],
		['0055 11 99999-9999', 'starts with 0'],
		['12345', 'is not a phone number with country code'],
		['1234567890123456', 'is not a phone number with country code'],
		['Maria', 'is not a phone number with country code'],
		['123@lid', 'hidden ID (@lid)'],
		['120363406289005073@g.us', 'a group JID, not a person'],
		['x@example.com', 'not a phone number'],
		['', 'it is empty'],
		[{ a: 1 }, 'an object, not a phone number'],
		[1.5, 'cannot hold a phone number exactly'],
	])('refuses %j: %s', (input, problem) => {
		const result = parsePhone(input);
		expect(result).toHaveProperty('problem');
		expect((result as { problem: string }).problem).toContain(problem);
	});
});

describe('parsePhoneList', () => {
	it('splits on commas, semicolons and new lines but not on the spaces inside a number, each person once', () => {
		expect(parsePhoneList('+55 11 99999-9999; 5521988888888\n5511999999999@s.whatsapp.net, ').phones).toEqual(['5511999999999', '5521988888888']);
	});

	it('reads a list from an expression, or a JSON list pasted as text', () => {
		expect(parsePhoneList(['5511999999999', ['+55 21 98888 8888']]).phones).toEqual(['5511999999999', '5521988888888']);
		expect(parsePhoneList('["5511999999999"]').phones).toEqual(['5511999999999']);
	});

	it.each([[''], [' , ;\n'], [[]], [null], [undefined]])('gives nobody for %j', (input) => {
		expect(parsePhoneList(input)).toEqual({ phones: [], problems: [] });
	});
});
