// Desktop notifications. Each one is referenced until it is clicked or closed (otherwise the
// garbage collector may drop it and its click with it); a click runs the given action. Electron
// does not always say `close` (a toast that expires into the notification centre), so each is
// also let go after a while, by a timer that never keeps the app alive.
import { Notification } from 'electron';
import type { NotificationText } from './notifications';

/** How long a notification with no click or close is held. */
export const NOTIFICATION_HOLD_MS = 10 * 60_000;

export interface Notifier {
  show(text: NotificationText, onClick: () => void): void;
  /** How many notifications are held now. */
  held(): number;
}

export function createNotifier(iconPath: string, log: (message: string) => void): Notifier {
  const live = new Map<Notification, ReturnType<typeof setTimeout>>();
  const show = (text: NotificationText, onClick: () => void): void => {
    if (!Notification.isSupported()) {
      log(`${text.title}: ${text.body}`);
      return;
    }
    const notification = new Notification({ title: text.title, body: text.body, icon: iconPath });
    const release = () => {
      clearTimeout(live.get(notification));
      live.delete(notification);
    };
    notification.on('click', () => {
      release();
      onClick();
    });
    notification.on('close', release);
    notification.on('failed', (_event, error) => {
      release();
      log(`notification failed: ${error}`);
    });
    live.set(notification, setTimeout(release, NOTIFICATION_HOLD_MS).unref());
    notification.show();
  };
  return { show, held: () => live.size };
}
