import { describe, expect, it } from 'vitest';
import { CSV_BOM, attachmentDisposition, csvCell, historyCsvRows, toCsv } from '@/lib/audit/export';

describe('CSV cells (RFC 4180)', () => {
  it('leaves plain text alone and quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('Safeguarding')).toBe('Safeguarding');
    expect(csvCell('')).toBe('');
    expect(csvCell('BR, WL')).toBe('"BR, WL"');
    expect(csvCell('The "key" objective')).toBe('"The ""key"" objective"');
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"');
    expect(csvCell('line one\r\nline two')).toBe('"line one\r\nline two"');
    expect(csvCell('Bank Road – “BR” ✓')).toBe('Bank Road – “BR” ✓');
  });

  it('defuses formulas: a cell starting with = + - @ (or tab / CR) is prefixed with an apostrophe', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvCell('+44 1255 000000')).toBe("'+44 1255 000000");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('\t=1+1')).toBe("'\t=1+1");
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
    expect(csvCell('a=1')).toBe('a=1');
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
  });

  it('ends every row with CRLF', () => {
    expect(toCsv([['a', 'b,c'], ['=x', '"q"']])).toBe(`a,"b,c"\r\n'=x,"""q"""\r\n`);
    expect(CSV_BOM).toBe('\uFEFF');
  });

  it('writes one row per changed field, JSON for structured values, empty cells for nothing', () => {
    const event = {
      id: 'e1',
      seq: 7,
      at: '2025-01-15T09:30:00.000Z',
      actor: { name: 'Ann Head', email: null, school: 'Bank Road', role: 'head_teacher' },
      verb: 'action.update',
      entityType: 'action',
      entityId: 'a1',
      changes: [
        { field: 'due', before: null, after: { kind: 'term', academicYear: 2025, term: 'spring' }, restorable: true },
        { field: 'schoolIds', before: ['s1'], after: [], restorable: true },
      ],
      restoredFrom: null,
    };
    expect(historyCsvRows(event)).toEqual([
      ['e1', '7', '2025-01-15T09:30:00.000Z', '15/01/2025, 09:30:00', 'Ann Head', '', 'head_teacher', 'Bank Road', 'action.update', 'action', 'a1', 'due', '', '{"kind":"term","academicYear":2025,"term":"spring"}', ''],
      ['e1', '7', '2025-01-15T09:30:00.000Z', '15/01/2025, 09:30:00', 'Ann Head', '', 'head_teacher', 'Bank Road', 'action.update', 'action', 'a1', 'schoolIds', '["s1"]', '[]', ''],
    ]);
    expect(historyCsvRows({ ...event, changes: [] })).toHaveLength(1);
    // A restore names, on every row, the recorded change it brought back.
    const restore = { ...event, verb: 'action.restore', restoredFrom: { eventId: 'e0', seq: 3, actorName: 'Bo Lead', at: '2025-01-14T09:00:00.000Z' } };
    expect(historyCsvRows(restore).map((row) => [row[8], row[row.length - 1]])).toEqual([
      ['action.restore', 'e0'],
      ['action.restore', 'e0'],
    ]);
  });
});

describe('the download’s file name', () => {
  it('is the plan title plus -history, safe in the header, exact in filename*', () => {
    expect(attachmentDisposition('Collaboration Action Plan', 'csv')).toBe(
      `attachment; filename="Collaboration Action Plan-history.csv"; filename*=UTF-8''Collaboration%20Action%20Plan-history.csv`,
    );
    const tricky = attachmentDisposition('Plan "2025/26"; École\r\nX-Evil: 1', 'json');
    expect(tricky).not.toMatch(/[\r\n]/);
    expect(tricky).toMatch(/^attachment; filename="Plan _2025_26__ Ecole__X-Evil_ 1-history\.json"; filename\*=UTF-8''/);
    expect(decodeURIComponent(tricky.split("UTF-8''")[1])).toBe('Plan _2025_26_; École\r\nX-Evil_ 1-history.json');
    expect(attachmentDisposition('  ', 'csv')).toMatch(/filename="plan-history\.csv"/);
  });
});
