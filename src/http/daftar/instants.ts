import { toJalali } from '../../domain/shared/dates.js';

const TEHRAN_OFFSET_MS = 3.5 * 3600_000; // Iran keeps +03:30 all year since 2022

/** An instant on this API: ISO 8601 at the Tehran offset, plus its Jalali twin ("1405/09/13 21:04"). */
export function tehranInstant(at: string | Date): { at: string; jalali: string } {
  const local = new Date(new Date(at).getTime() + TEHRAN_OFFSET_MS).toISOString(); // the wall clock, labelled Z
  const [day, time] = [local.slice(0, 10), local.slice(11, 19)];
  return { at: `${day}T${time}+03:30`, jalali: `${toJalali(day)} ${time.slice(0, 5)}` };
}
