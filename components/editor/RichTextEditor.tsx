'use client';

import type { Editor, Extensions } from '@tiptap/core';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { isAllowedHref, richTextExtensions } from '@/lib/richtext/extensions';
import { type CollaborationBinding, collaborativeExtensions } from './collaboration';

export type RichTextEditorProps = {
  /** Base of the element ids: the label is `${id}-label`, the editing area `${id}`. */
  id: string;
  /** Visible label of the editing area. */
  label: string;
  /**
   * Sanitized HTML to start from. With `collaboration` it is only shown, read-only, until the
   * editor has loaded: the shared document is the text, and is never seeded from HTML here.
   */
  initialHtml: string;
  onChange?: (html: string) => void;
  disabled?: boolean;
  /** More extensions on top of the plan's schema. */
  extraExtensions?: Extensions;
  /**
   * Co-editing: the editor shows and edits this shared Y.Doc (with the others' carets) instead of
   * `initialHtml`. Give a document that has already had its first sync with the server.
   */
  collaboration?: CollaborationBinding;
  /** Ids of a hint or error to announce with the editing area. */
  describedBy?: string;
  invalid?: boolean;
  /** Put the caret in the editor once it has loaded. */
  autoFocus?: boolean;
};

type ToolbarState = {
  bold: boolean;
  italic: boolean;
  heading2: boolean;
  heading3: boolean;
  bulletList: boolean;
  orderedList: boolean;
  link: boolean;
  canUndo: boolean;
  canRedo: boolean;
};

const NO_STATE: ToolbarState = {
  bold: false,
  italic: false,
  heading2: false,
  heading3: false,
  bulletList: false,
  orderedList: false,
  link: false,
  canUndo: false,
  canRedo: false,
};

type ToolbarItem = {
  key: string;
  label: string;
  /** Shown on the button; `label` is its accessible name. */
  text: ReactNode;
  shortcut?: string;
  /** Toggle buttons expose aria-pressed; undo/redo do not. */
  pressed?: (state: ToolbarState) => boolean;
  enabled?: (state: ToolbarState) => boolean;
  run: (editor: Editor) => void;
};

/**
 * The plan's rich-text editor (tiptap, with the same schema the server sanitizes with): an ARIA
 * toolbar (arrow keys move between its buttons), the usual shortcuts (Ctrl/Cmd+B, I, Z, Shift+Z),
 * and an editing area labelled by a visible label.
 */
export function RichTextEditor({
  id,
  label,
  initialHtml,
  onChange,
  disabled = false,
  extraExtensions,
  collaboration,
  describedBy,
  invalid = false,
  autoFocus = false,
}: RichTextEditorProps) {
  const labelId = `${id}-label`;
  const linkErrorId = `${id}-link-error`;
  const [linkError, setLinkError] = useState<string | null>(null);
  // Always call the latest onChange without recreating the editor.
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  // Applied again on every render by useEditor, so they follow the props.
  const attributes: Record<string, string> = {
    id,
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-labelledby': labelId,
    class: 'rich-text rich-text-editor__content',
  };
  const described = [describedBy, linkError ? linkErrorId : null].filter(Boolean).join(' ');
  if (described) attributes['aria-describedby'] = described;
  if (invalid) attributes['aria-invalid'] = 'true';
  if (disabled) attributes['aria-disabled'] = 'true';

  // Stable for the editor's life: a new list would make tiptap reconfigure it.
  const extensions = useMemo(() => {
    const base = collaboration ? collaborativeExtensions(collaboration) : richTextExtensions;
    return extraExtensions ? [...base, ...extraExtensions] : base;
  }, [collaboration, extraExtensions]);

  const editor = useEditor({
    extensions,
    // The shared document brings its own content (the server seeded it once, from the stored HTML).
    ...(collaboration ? {} : { content: initialHtml }),
    editable: !disabled,
    immediatelyRender: false,
    autofocus: autoFocus ? 'end' : false,
    editorProps: { attributes },
    onUpdate: ({ editor: current }) => onChangeRef.current?.(current.getHTML()),
  });

  useEffect(() => {
    if (editor && editor.isEditable === disabled) editor.setEditable(!disabled);
  }, [editor, disabled]);

  const state =
    useEditorState({
      editor,
      selector: ({ editor: current }): ToolbarState => {
        if (!current) return NO_STATE;
        return {
          bold: current.isActive('bold'),
          italic: current.isActive('italic'),
          heading2: current.isActive('heading', { level: 2 }),
          heading3: current.isActive('heading', { level: 3 }),
          bulletList: current.isActive('bulletList'),
          orderedList: current.isActive('orderedList'),
          link: current.isActive('link'),
          canUndo: current.can().undo(),
          canRedo: current.can().redo(),
        };
      },
    }) ?? NO_STATE;

  function toggleLink(current: Editor) {
    setLinkError(null);
    if (current.isActive('link')) {
      current.chain().focus().extendMarkRange('link').unsetLink().run();
      return;
    }
    const answer = window.prompt('Link address (starting with https://, http:// or mailto:)', 'https://');
    if (answer === null) {
      current.commands.focus();
      return;
    }
    const href = answer.trim();
    if (!isAllowedHref(href) || href === 'https://' || href === 'http://' || href === 'mailto:') {
      setLinkError('A link must start with https://, http:// or mailto: and name an address. No link was added.');
      current.commands.focus();
      return;
    }
    if (current.state.selection.empty) {
      current
        .chain()
        .focus()
        .insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] })
        .run();
    } else {
      current.chain().focus().extendMarkRange('link').setLink({ href }).run();
    }
  }

  const items: ToolbarItem[] = [
    { key: 'bold', label: 'Bold', text: <b>B</b>, shortcut: 'Control+B', pressed: (s) => s.bold, run: (e) => e.chain().focus().toggleBold().run() },
    { key: 'italic', label: 'Italic', text: <i>I</i>, shortcut: 'Control+I', pressed: (s) => s.italic, run: (e) => e.chain().focus().toggleItalic().run() },
    { key: 'h2', label: 'Heading 2', text: 'H2', pressed: (s) => s.heading2, run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run() },
    { key: 'h3', label: 'Heading 3', text: 'H3', pressed: (s) => s.heading3, run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run() },
    { key: 'bullets', label: 'Bulleted list', text: '• List', pressed: (s) => s.bulletList, run: (e) => e.chain().focus().toggleBulletList().run() },
    { key: 'numbers', label: 'Numbered list', text: '1. List', pressed: (s) => s.orderedList, run: (e) => e.chain().focus().toggleOrderedList().run() },
    { key: 'link', label: 'Link', text: 'Link', pressed: (s) => s.link, run: toggleLink },
    { key: 'undo', label: 'Undo', text: 'Undo', shortcut: 'Control+Z', enabled: (s) => s.canUndo, run: (e) => e.chain().focus().undo().run() },
    { key: 'redo', label: 'Redo', text: 'Redo', shortcut: 'Control+Shift+Z', enabled: (s) => s.canRedo, run: (e) => e.chain().focus().redo().run() },
  ];

  // Roving tabindex: the toolbar is one Tab stop; arrow keys, Home and End move within it.
  const [activeIndex, setActiveIndex] = useState(0);
  const buttonRefs = useRef<(HTMLButtonElement | null)[]>([]);
  function onToolbarKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const last = items.length - 1;
    const moves: Record<string, number> = {
      ArrowRight: activeIndex === last ? 0 : activeIndex + 1,
      ArrowLeft: activeIndex === 0 ? last : activeIndex - 1,
      Home: 0,
      End: last,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setActiveIndex(next);
    buttonRefs.current[next]?.focus();
  }

  return (
    <div className={`rich-text-editor${invalid ? ' rich-text-editor--invalid' : ''}`}>
      <span
        id={labelId}
        className="field__label rich-text-editor__label"
        onClick={() => editor?.commands.focus()}
      >
        {label}
      </span>
      <div
        role="toolbar"
        aria-label={`Formatting: ${label}`}
        aria-controls={id}
        className="rich-text-editor__toolbar"
        onKeyDown={onToolbarKeyDown}
      >
        {items.map((item, index) => {
          const enabled = Boolean(editor) && !disabled && (item.enabled ? item.enabled(state) : true);
          return (
            <button
              key={item.key}
              ref={(element) => {
                buttonRefs.current[index] = element;
              }}
              type="button"
              className="rich-text-editor__button"
              aria-label={item.label}
              title={item.shortcut ? `${item.label} (${item.shortcut.replace('Control', 'Ctrl')})` : item.label}
              aria-keyshortcuts={item.shortcut}
              aria-pressed={item.pressed ? item.pressed(state) : undefined}
              // Focusable while unavailable, so arrow keys never skip over it.
              aria-disabled={enabled ? undefined : true}
              tabIndex={index === activeIndex ? 0 : -1}
              onFocus={() => setActiveIndex(index)}
              // Keep the editor's selection: a mouse press on a toolbar button must not blur it.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                if (enabled && editor) item.run(editor);
              }}
            >
              {item.text}
            </button>
          );
        })}
      </div>
      {editor ? (
        <EditorContent editor={editor} className="rich-text-editor__area" />
      ) : (
        // Before tiptap has loaded (it does not render on the server): the same text, read-only.
        <div
          className="rich-text-editor__area rich-text rich-text-editor__content rich-text-editor__content--loading"
          aria-labelledby={labelId}
          role="textbox"
          aria-multiline="true"
          aria-readonly="true"
          dangerouslySetInnerHTML={{ __html: initialHtml }}
        />
      )}
      {linkError ? (
        <p id={linkErrorId} className="field__error" role="alert">
          {linkError}
        </p>
      ) : null}
    </div>
  );
}
