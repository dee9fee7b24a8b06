import { describe, expect, it } from 'vitest';
import { cellToHtml, readCell } from '@/lib/import/cells';
import { splitListItems, splitRunOnItems } from '@/lib/import/items';
import { assignSchoolCodes, schoolCodeCandidates, schoolCodesIn } from '@/lib/import/schools';

// Invented schools "Meadow Lane" (ML) and "Hollins Green" (HG); none of this text is from a real plan.
const rules = { schoolCodes: ['ML', 'HG'] };
const split = (text: string) => splitRunOnItems(text, rules);

describe('splitRunOnItems: where a run-on item ends', () => {
  it('after a sentence', () => {
    expect(split('Library audit finished in March. New shelving bought.')).toEqual([
      'Library audit finished in March.',
      'New shelving bought.',
    ]);
  });

  it('not after an abbreviation or an initial', () => {
    expect(split('Reports sent inc. JCC notes and photos')).toEqual(['Reports sent inc. JCC notes and photos']);
    expect(split('Visit led by J. Patel and staff')).toEqual(['Visit led by J. Patel and staff']);
    expect(split('Books bought e.g. Atlases for both schools')).toEqual(['Books bought e.g. Atlases for both schools']);
  });

  it('after a lower-case word that ends a clause, before a capitalised word opening the next', () => {
    expect(split('Plan the science week together Record the outcomes for governors')).toEqual([
      'Plan the science week together',
      'Record the outcomes for governors',
    ]);
    expect(split('Results posted on both websites PTA leaflets sent home')).toEqual([
      'Results posted on both websites',
      'PTA leaflets sent home',
    ]);
    expect(split('Rota agreed by staff IT – checked by the technician')).toEqual([
      'Rota agreed by staff',
      'IT – checked by the technician',
    ]);
  });

  it('not after a function word or an infinitive, whose object may be capitalised', () => {
    expect(split('Heads to visit the Music Service with the LA adviser')).toEqual([
      'Heads to visit the Music Service with the LA adviser',
    ]);
    expect(split('Leads to review Phonics records each week')).toEqual(['Leads to review Phonics records each week']);
    expect(split('Chair to attend Full Governing Board meeting')).toEqual(['Chair to attend Full Governing Board meeting']);
  });

  it('not inside a proper name of several capitalised words', () => {
    expect(split('Staff join the annual Outdoor Learning Conference together')).toEqual([
      'Staff join the annual Outdoor Learning Conference together',
    ]);
    expect(split('Pupils present at a joint Harvest Festival assembly')).toEqual([
      'Pupils present at a joint Harvest Festival assembly',
    ]);
  });

  it('not before a month, weekday or term name', () => {
    expect(split('Science fair held Summer term for Year 4')).toEqual(['Science fair held Summer term for Year 4']);
    expect(split('Moderation meeting Tuesday afternoon at HG')).toEqual(['Moderation meeting Tuesday afternoon at HG']);
  });

  it('after a closing bracket', () => {
    expect(split('Art leads to meet (9 October) Music leads to meet (date TBC)')).toEqual([
      'Art leads to meet (9 October)',
      'Music leads to meet (date TBC)',
    ]);
  });

  it('never inside brackets', () => {
    expect(split('Leads to meet (venue TBC Head to confirm) next week')).toEqual([
      'Leads to meet (venue TBC Head to confirm) next week',
    ]);
  });

  it('after a due phrase', () => {
    expect(split('Science leads to meet Autumn 2 History leads to meet Spring 1')).toEqual([
      'Science leads to meet Autumn 2',
      'History leads to meet Spring 1',
    ]);
    expect(split('Visit to HG on 4 March 2020 ML staff to host the return visit')).toEqual([
      'Visit to HG on 4 March 2020',
      'ML staff to host the return visit',
    ]);
  });

  it('after a school code that ends a clause', () => {
    expect(split('Art lead to borrow kilns from HG Chair of ML to report back')).toEqual([
      'Art lead to borrow kilns from HG',
      'Chair of ML to report back',
    ]);
  });

  it('before a capitalised imperative verb with its object', () => {
    expect(split('Read the Reading Records Agree Next Steps Plan to share them with parents')).toEqual([
      'Read the Reading Records',
      'Agree Next Steps',
      'Plan to share them with parents',
    ]);
  });

  it('not before a verb-like noun that is not followed by an object', () => {
    expect(split('Update the School Plan each term')).toEqual(['Update the School Plan each term']);
    expect(split('Review the Action Plan to be agreed')).toEqual(['Review the Action Plan to be agreed']);
  });
});

describe('splitListItems', () => {
  it('cuts at bullets only, even where sentences run on', () => {
    expect(splitListItems(' • First item. Still the first – with more. • Second item ', rules)).toEqual([
      { html: 'First item. Still the first – with more.', subItems: [] },
      { html: 'Second item', subItems: [] },
    ]);
  });

  it('drops empty bullets', () => {
    expect(splitListItems(' • ', rules)).toEqual([]);
    expect(splitListItems(' • Only one • ', rules)).toEqual([{ html: 'Only one', subItems: [] }]);
  });

  it('reads a lone dash inside a bullet as a sub-list whose run-on items are cut by the rules', () => {
    expect(
      splitListItems(' • Reading leads to meet at ML (3 March)  - Compare Tracker Data Agree the targets for Year 2 ', rules),
    ).toEqual([
      {
        html: 'Reading leads to meet at ML (3 March)',
        subItems: ['Compare Tracker Data', 'Agree the targets for Year 2'],
      },
    ]);
  });

  it('reads a list that opens with a dash as a dash list', () => {
    expect(splitListItems(' - Reading - Outdoor learning - 15 Hrs offer in Nursery ', rules)).toEqual([
      { html: 'Reading', subItems: [] },
      { html: 'Outdoor learning', subItems: [] },
      { html: '15 Hrs offer in Nursery', subItems: [] },
    ]);
  });

  it('does not take a hyphen inside a word or an en dash for a list dash', () => {
    expect(splitListItems(' • Year-group leads – to meet ', rules)).toEqual([
      { html: 'Year-group leads – to meet', subItems: [] },
    ]);
  });

  it('cuts unmarked lists by the run-on rules', () => {
    expect(splitListItems(' Choose a shared text Plan the joint trip ', rules).map((i) => i.html)).toEqual([
      'Choose a shared text',
      'Plan the joint trip',
    ]);
  });

  it('keeps inline markup with its item', () => {
    expect(splitListItems(' • <strong>Bold</strong> start • <em>Second</em> ', rules).map((i) => i.html)).toEqual([
      '<strong>Bold</strong> start',
      '<em>Second</em>',
    ]);
  });
});

describe('readCell', () => {
  it('repairs unclosed lists interrupted by paragraphs', () => {
    const blocks = readCell(
      '<ul style="list-style-type: none"> Audit the library <p>Autumn 2019</p> <p>Heads to agree a budget</p> <ul style="list-style-type: none"> Buy new atlases Share the reading list ',
      rules,
    );
    expect(blocks).toEqual([
      { kind: 'list', items: [{ html: 'Audit the library', subItems: [] }] },
      { kind: 'paragraph', html: 'Autumn 2019' },
      { kind: 'paragraph', html: 'Heads to agree a budget' },
      {
        kind: 'list',
        items: [
          { html: 'Buy new atlases', subItems: [] },
          { html: 'Share the reading list', subItems: [] },
        ],
      },
    ]);
  });

  it('reads well-formed lists item by item', () => {
    const blocks = readCell('<ul><li><p>One. Two</p></li><li>Three</li></ul>', rules);
    expect(blocks).toEqual([
      {
        kind: 'list',
        items: [
          { html: 'One. Two', subItems: [] },
          { html: 'Three', subItems: [] },
        ],
      },
    ]);
  });

  it('reads a paragraph holding bullets as a list', () => {
    expect(readCell('<p>• Tidy the library • Label the shelves</p>', rules)).toEqual([
      {
        kind: 'list',
        items: [
          { html: 'Tidy the library', subItems: [] },
          { html: 'Label the shelves', subItems: [] },
        ],
      },
    ]);
  });

  it('reads loose text as a paragraph', () => {
    expect(readCell('Reading Links: Objective 1', rules)).toEqual([{ kind: 'paragraph', html: 'Reading Links: Objective 1' }]);
  });

  it('writes well-formed HTML with dash sub-lists nested', () => {
    const html = cellToHtml(readCell('<p>Aims:</p><ul> • Meet (3 March) - Compare Data Agree the targets ', rules));
    expect(html).toBe(
      '<p>Aims:</p><ul><li><p>Meet (3 March)</p><ul><li><p>Compare Data</p></li><li><p>Agree the targets</p></li></ul></li></ul>',
    );
  });
});

describe('school codes', () => {
  it('takes the initials of the words before the kind of school', () => {
    expect(schoolCodeCandidates('Meadow Lane Primary School')[0]).toBe('ML');
    expect(schoolCodeCandidates('Hollins Green Infant and Nursery School')[0]).toBe('HG');
    expect(schoolCodeCandidates("St Anne's C of E Junior School")[0]).toBe('SA');
  });

  it('uses the letters of a one-word name, preferring the form the document uses', () => {
    const codes = assignSchoolCodes(['Ashgrove Primary School', 'Brookside Academy'], 'visit to ASH and BRO');
    expect(codes.get('Ashgrove Primary School')).toBe('ASH');
    expect(codes.get('Brookside Academy')).toBe('BRO');
  });

  it('never gives two schools the same code', () => {
    const codes = assignSchoolCodes(['Hill Top Primary School', 'Hazel Tree Infant School'], '');
    expect(codes.get('Hill Top Primary School')).toBe('HT');
    expect(codes.get('Hazel Tree Infant School')).not.toBe('HT');
  });

  it('finds codes as whole words in order of appearance', () => {
    expect(schoolCodesIn('HG to visit ML, then ML to visit HG', ['ML', 'HG'])).toEqual(['HG', 'ML']);
    expect(schoolCodesIn('HTML and MLA are not codes', ['ML', 'HG'])).toEqual([]);
  });
});
