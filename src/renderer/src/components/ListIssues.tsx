// What the shared list parser found wrong (or changed) in a typed server list. Its messages
// already name each entry and its position.
import type { ListIssue } from '../../../shared/server-list';

interface Props {
  id: string;
  errors: ListIssue[];
  notices: ListIssue[];
}

export function ListIssues({ id, errors, notices }: Props) {
  if (errors.length === 0 && notices.length === 0) return null;
  return (
    <ul className="list-issues" id={id}>
      {errors.map((issue) => (
        <li key={`e${issue.position}`} className="issue-error">
          {issue.message}
        </li>
      ))}
      {notices.map((issue) => (
        <li key={`n${issue.position}-${issue.message}`} className="issue-notice">
          {issue.message}
        </li>
      ))}
    </ul>
  );
}
