/**
 * A live region that is always in the page so screen readers announce an error when it appears.
 * Shows nothing when `message` is null.
 */
export function FormAlert({ id, message }: { id: string; message: string | null }) {
  return (
    <div id={id} role="alert" className="form-alert">
      {message ? <p className="form-alert__message">{message}</p> : null}
    </div>
  );
}
