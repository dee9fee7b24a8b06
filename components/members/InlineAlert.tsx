/**
 * A live region that is always in the page, so a screen reader announces a message when it
 * appears; shows nothing while `message` is null.
 */
export function InlineAlert({ id, message }: { id: string; message: string | null }) {
  return (
    <div id={id} role="alert">
      {message ? <p className="form-alert__message">{message}</p> : null}
    </div>
  );
}
