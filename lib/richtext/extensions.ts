import type { Extensions } from '@tiptap/core';
import Link from '@tiptap/extension-link';
import StarterKit from '@tiptap/starter-kit';

/** Link rel written on every link, whatever the pasted or imported HTML said. */
export const LINK_REL = 'noopener noreferrer nofollow';

/** Schemes a link may use: anything else (javascript:, data:, vbscript:, relative paths) is not a link. */
const ALLOWED_HREF = /^(?:https?:\/\/|mailto:)/i;

/** Whether `href` may be kept as a link in plan text. */
export function isAllowedHref(href: string | null | undefined): boolean {
  if (!href) return false;
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"), so must we.
  const compact = href.replace(/[\u0000-\u0020\u007f-\u009f\u00a0\u2000-\u200b\u2028\u2029\u3000\ufeff]/g, '');
  return ALLOWED_HREF.test(compact);
}

/**
 * Pins rel, target and class so that stored HTML never carries attributes chosen by whoever
 * wrote the source document.
 */
const PlanLink = Link.extend({
  addAttributes() {
    return {
      href: {
        default: null,
        parseHTML: (element: HTMLElement) => element.getAttribute('href'),
      },
      target: { default: '_blank', parseHTML: () => '_blank' },
      rel: { default: LINK_REL, parseHTML: () => LINK_REL },
      class: { default: null, parseHTML: () => null },
      title: { default: null },
    };
  },
}).configure({
  openOnClick: false,
  autolink: true,
  defaultProtocol: 'https',
  HTMLAttributes: { target: '_blank', rel: LINK_REL, class: null },
  isAllowedUri: (url) => isAllowedHref(url),
});

/**
 * The one rich-text schema of jointplan, shared by the browser editor and the server sanitizer.
 * StarterKit brings its own Link since v3; it is switched off so that the configured one applies.
 */
export const richTextExtensions: Extensions = [
  StarterKit.configure({
    heading: { levels: [2, 3, 4] },
    codeBlock: false,
    link: false,
  }),
  PlanLink,
];
