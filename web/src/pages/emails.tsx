// Placeholder: this page is being built.
import type { PageProps } from '../routes.ts';
import { PageHeader, EmptyState } from '../ui/components.tsx';

export default function Page(_props: PageProps) {
  return (
    <>
      <PageHeader title="Emails" />
      <EmptyState title="Not built yet">This page is coming in the next version of the dashboard.</EmptyState>
    </>
  );
}
