/** `14:03:27`, or `14:03:27.120` with milliseconds: local time, 24-hour, fixed width. */
export function timeOfDay(date: Date, { milliseconds = false } = {}): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const seconds = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return milliseconds ? `${seconds}.${pad(date.getMilliseconds(), 3)}` : seconds;
}
