// Desktop notifications. Each one is referenced until it is clicked or closed (otherwise the
// garbage collector may drop it and its click with it); a click runs the given action.
import { Notification } from 'electron';
import type { NotificationText } from './notifications';

export function createNotifier(iconPath: string, log: (message: string) => void) {
  const live = new Set<Notification>();
  return (text: NotificationText, onClick: () => void): void => {
    if (!Notification.isSupported()) {
      log(`${text.title}: ${text.body}`);
      return;
    }
    const notification = new Notification({ title: text.title, body: text.body, icon: iconPath });
    const release = () => live.delete(notification);
    notification.on('click', () => {
      release();
      onClick();
    });
    notification.on('close', release);
    notification.on('failed', (_event, error) => {
      release();
      log(`notification failed: ${error}`);
    });
    live.add(notification);
    notification.show();
  };
}
