import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { useStudio, useStudioStore } from '../../store/use-studio';

/**
 * A Markdown file (a sample's README.md) shown as a page, with a switch back to its text. The
 * text is rendered to React elements (react-markdown, with GitHub's tables), never to HTML: raw
 * HTML in the file is not rendered, and unsafe link targets (javascript:) are dropped.
 */
export function MarkdownPreview() {
  const store = useStudioStore();
  const path = useStudio((s) => s.openPath);
  const text = useStudio((s) => (s.openPath ? s.buffers[s.openPath]?.text : undefined));
  const preview = useStudio((s) => s.previewMarkdown);
  if (!path || !/\.(md|markdown)$/i.test(path) || text === undefined) return null;
  const toggle = () => store.getState().setPreviewMarkdown(!preview);
  return (
    <>
      {preview && (
        <article className="markdown-preview" data-testid="markdown-preview" aria-label={`${path}, rendered`}>
          <Markdown remarkPlugins={[remarkGfm]} components={{ a: ({ href, children }) => <a href={href} target="_blank" rel="noreferrer noopener">{children}</a> }}>{text}</Markdown>
        </article>
      )}
      <button type="button" className="preview-toggle" onClick={toggle} data-testid="markdown-toggle">
        {preview ? 'Edit text' : 'Preview'}
      </button>
    </>
  );
}
