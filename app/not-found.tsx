import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="page page--narrow">
      <h1>Not found</h1>
      <p>There is nothing here, or it belongs to a partnership you are not part of.</p>
      <p>
        <Link href="/">Back to your plans</Link>
      </p>
    </div>
  );
}
