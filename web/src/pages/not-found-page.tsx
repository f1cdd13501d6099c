import { Link } from 'react-router';
import { EmptyState } from '../components/status-views';
import { usePageTitle } from '../hooks/use-page';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <EmptyState title="We could not find that page">
      <p>
        It may have moved. <Link to="/">Go to the home page</Link> or search the shop above.
      </p>
    </EmptyState>
  );
}
