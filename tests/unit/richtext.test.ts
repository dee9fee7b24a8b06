import { describe, expect, it } from 'vitest';
import { isAllowedHref, LINK_REL, richTextExtensions } from '@/lib/richtext/extensions';
import { richTextToPlainText, sanitizeRichText, stripForeignElements } from '@/lib/richtext/sanitize';

/** Markers of active content that must never survive sanitizing. */
const DANGER = [/<script/i, /\son\w+\s*=/i, /javascript:/i, /vbscript:/i, /data:/i, /<iframe/i, /<svg/i, /<object/i, /<embed/i, /style=/i, /<style/i, /<img/i, /<form/i, /<input/i, /<meta/i, /<base/i];

function expectSafe(html: string): void {
  for (const pattern of DANGER) expect(html, `${pattern} in ${html}`).not.toMatch(pattern);
}

const XSS: { name: string; input: string; keeps?: string }[] = [
  { name: 'script tag', input: '<p>Before<script>alert(1)</script> after</p>', keeps: 'Before after' },
  { name: 'script at top level', input: '<script>document.cookie</script>Plain words' , keeps: 'Plain words' },
  { name: 'img onerror', input: '<p>Pic <img src=x onerror="alert(1)"> here</p>', keeps: 'Pic here' },
  { name: 'javascript link', input: '<p><a href="javascript:alert(1)">click me</a></p>', keeps: 'click me' },
  { name: 'javascript link with spaces and case', input: '<a href=" JaVa\tScRiPt:alert(1)">sneaky</a>', keeps: 'sneaky' },
  { name: 'entity-encoded javascript link', input: '<a href="&#106;avascript:alert(1)">encoded</a>', keeps: 'encoded' },
  { name: 'data link', input: '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>', keeps: 'data' },
  { name: 'vbscript link', input: '<a href="vbscript:msgbox(1)">vb</a>', keeps: 'vb' },
  { name: 'svg onload', input: '<svg onload="alert(1)"><circle r="4"/></svg><p>After the svg</p>', keeps: 'After the svg' },
  { name: 'style attribute', input: '<p style="background:url(javascript:alert(1))">Styled</p>', keeps: 'Styled' },
  { name: 'style element', input: '<style>body{display:none}</style><p>Visible</p>', keeps: 'Visible' },
  { name: 'iframe', input: '<p>Frame:</p><iframe src="https://evil.example/"></iframe>', keeps: 'Frame:' },
  { name: 'iframe srcdoc', input: '<iframe srcdoc="<script>alert(1)</script>">fallback</iframe><p>Rest</p>', keeps: 'Rest' },
  { name: 'event handler on bold', input: '<p><b onmouseover="alert(1)">Bold</b> text</p>', keeps: 'Bold text' },
  { name: 'object and embed', input: '<object data="x.swf"></object><embed src="x.swf"><p>Still here</p>', keeps: 'Still here' },
  { name: 'form and input', input: '<form action="https://evil.example"><input value="x"><p>In a form</p></form>', keeps: 'In a form' },
  { name: 'meta refresh and base', input: '<meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/"><p>Meta</p>', keeps: 'Meta' },
  { name: 'unclosed tags', input: '<p>Open <strong>bold <em>both', keeps: 'Open bold both' },
];

describe('sanitizeRichText', () => {
  it.each(XSS)('removes the danger from $name and keeps the text', ({ input, keeps }) => {
    const out = sanitizeRichText(input);
    expectSafe(out);
    if (keeps) expect(richTextToPlainText(out).replace(/\s+/g, ' ')).toBe(keeps);
  });

  it('gives an empty string for empty or blank input', () => {
    expect(sanitizeRichText('')).toBe('');
    expect(sanitizeRichText('   \n ')).toBe('');
    expect(sanitizeRichText('<p></p><p> </p>')).toBe('');
    expect(sanitizeRichText('<script>alert(1)</script>')).toBe('');
    expect(sanitizeRichText('<img src=x onerror=alert(1)>')).toBe('');
  });

  it('keeps paragraphs, lists, bold, italic and headings the editor allows', () => {
    expect(sanitizeRichText('<p>One <strong>bold</strong> and <em>italic</em></p>')).toBe(
      '<p>One <strong>bold</strong> and <em>italic</em></p>',
    );
    expect(sanitizeRichText('<ul><li>First</li><li>Second</li></ul>')).toBe(
      '<ul><li><p>First</p></li><li><p>Second</p></li></ul>',
    );
    expect(sanitizeRichText('<ol><li>Step</li></ol>')).toBe('<ol><li><p>Step</p></li></ol>');
    expect(sanitizeRichText('<h2>Section</h2>')).toBe('<h2>Section</h2>');
    expect(sanitizeRichText('<b>Plain bold</b>')).toBe('<p><strong>Plain bold</strong></p>');
  });

  it('turns headings the editor does not offer (h1, h5, h6) into paragraphs', () => {
    expect(sanitizeRichText('<h1>Big</h1><h5>Small</h5>')).toBe('<p>Big</p><p>Small</p>');
  });

  it('keeps http, https and mailto links, with the rel the product always writes', () => {
    const out = sanitizeRichText(
      '<p><a href="https://example.org/plan" rel="opener" target="_self" class="x" onclick="steal()">plan</a> ' +
        '<a href="http://example.org">http</a> <a href="mailto:head@example.org">mail</a></p>',
    );
    expect(out).toContain('href="https://example.org/plan"');
    expect(out).toContain('href="http://example.org"');
    expect(out).toContain('href="mailto:head@example.org"');
    expect(out.match(new RegExp(`rel="${LINK_REL}"`, 'g'))).toHaveLength(3);
    expect(out).not.toMatch(/opener"|_self|class=|onclick/);
    expectSafe(out);
  });

  it('drops links to anything but http, https and mailto, keeping their words', () => {
    for (const href of ['ftp://example.org', 'tel:0123', '/relative', 'file:///etc/passwd', '#top']) {
      const out = sanitizeRichText(`<p><a href="${href}">words</a></p>`);
      expect(out).toBe('<p>words</p>');
    }
  });

  it('escapes text that looks like markup', () => {
    const out = sanitizeRichText('<p>5 &lt; 6 &amp; &lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(out).toBe('<p>5 &lt; 6 &amp; &lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('is idempotent: sanitizing twice gives the same as once', () => {
    const inputs = [
      ...XSS.map((x) => x.input),
      '<p>One <strong>bold</strong> <a href="https://example.org">link</a></p><ul><li>a<ul><li>b</li></ul></li></ul>',
      '<ul style="list-style-type: none"> • Unclosed list <p>Autumn 2019</p>',
      'Just text & more',
    ];
    for (const input of inputs) {
      const once = sanitizeRichText(input);
      expect(sanitizeRichText(once)).toBe(once);
    }
  });
});

describe('richTextToPlainText', () => {
  it('gives one line per block and decodes entities', () => {
    expect(richTextToPlainText('<p>First &amp; best</p><ul><li>Item <b>one</b></li></ul>')).toBe(
      'First & best\nItem one',
    );
  });

  it('never returns the text of scripts', () => {
    expect(richTextToPlainText('<p>Safe</p><script>alert(1)</script>')).toBe('Safe');
  });

  it('gives an empty string for empty input', () => {
    expect(richTextToPlainText('')).toBe('');
  });

  it('collapses whitespace in text without markup', () => {
    expect(richTextToPlainText('  Two   words\n here ')).toBe('Two words here');
  });
});

describe('isAllowedHref', () => {
  it('allows only http, https and mailto', () => {
    expect(isAllowedHref('https://example.org')).toBe(true);
    expect(isAllowedHref('HTTP://example.org')).toBe(true);
    expect(isAllowedHref('mailto:a@example.org')).toBe(true);
    expect(isAllowedHref('javascript:alert(1)')).toBe(false);
    expect(isAllowedHref('java\u0000script:alert(1)')).toBe(false);
    expect(isAllowedHref(' \tjavascript:alert(1)')).toBe(false);
    expect(isAllowedHref('')).toBe(false);
    expect(isAllowedHref(null)).toBe(false);
  });
});

describe('richTextExtensions', () => {
  it('holds the StarterKit and one link extension', () => {
    const names = richTextExtensions.map((e) => e.name);
    expect(names).toEqual(['starterKit', 'link']);
  });
});

describe('stripForeignElements', () => {
  it('removes foreign elements with their content, and void ones by their tag alone', () => {
    expect(stripForeignElements('a<script>x</script>b<svg><b>y</b></svg>c<embed src="x">d')).toBe('a b c d');
  });

  it('reads an unclosed foreign element as running to the end, as a browser does', () => {
    expect(stripForeignElements('<p>kept</p><svg><p>swallowed')).toBe('<p>kept</p> ');
  });

  it('stays linear on a megabyte of unclosed tags (the old regex took tens of seconds)', () => {
    expect(stripForeignElements('<p>x</p>' + '<svg'.repeat(250_000))).toBe('<p>x</p> ');
  });
});
