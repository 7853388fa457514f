/**
 * Persian (and English) texts for Moadian's error codes (spec moadian.md §3.4-3.6, EC = RC_TXPS.EC_V02).
 * The server's own message is kept beside ours when it sends one; this table gives a Persian text for the
 * codes Daftar can act on, and a structural fallback for content codes (EC Table 7: first digit 0 = error,
 * 1 = warning; second digit = the kind of check).
 */
export interface MoadianCodeText { fa: string; en: string; retryable: boolean }

export const MOADIAN_CODES: Record<string, MoadianCodeText> = {
  '4101': { fa: 'توکن احراز هویت «nonce» یا «clientId» ندارد', en: 'token payload lacks nonce/clientId', retryable: false },
  '4102': { fa: 'کد یکبارمصرف (nonce) نامعتبر، منقضی یا تکراری است', en: 'nonce unknown, used or expired', retryable: true },
  '4103': { fa: 'گواهی امضا متعلق به صاحب شناسه یکتای حافظه مالیاتی نیست', en: 'certificate owner does not own the fiscal id', retryable: false },
  '4110': { fa: 'شناسه یکتای حافظه مالیاتی یافت نشد یا فعال نیست', en: 'client id unknown or inactive', retryable: false },
  '4130': { fa: 'ساختار توکن امضاشده نادرست است', en: 'malformed token JWS', retryable: false },
  '4131': { fa: 'امضای توکن یا گواهی امضا معتبر نیست', en: 'token signature or certificate invalid', retryable: false },
  '4135': { fa: 'گواهی امضا در سرآیند توکن نیست', en: 'x5c certificate missing', retryable: false },
  '4136': { fa: 'گواهی امضا در سرآیند توکن نامعتبر است', en: 'x5c certificate invalid', retryable: false },
  '4137': { fa: 'کلید عمومی ثبت‌شده در کارپوشه معتبر نیست', en: 'key registered in the taxpayer portal is invalid', retryable: false },
  '4140': { fa: 'زمان شروع استعلام باید پیش از زمان پایان باشد', en: 'inquiry start must precede end', retryable: false },
  '4141': { fa: 'در هر استعلام حداکثر ۱۰۰ شناسه مجاز است', en: 'at most 100 ids per inquiry', retryable: false },
  '4142': { fa: 'وضعیت یا اندازه صفحه استعلام نامعتبر است', en: 'invalid inquiry status or page size', retryable: false },
  '4143': { fa: 'در هر درخواست حداکثر ۱۰۰۰ صورتحساب مجاز است', en: 'at most 1000 packets per request', retryable: false },
  '4144': { fa: 'بدنه درخواست خالی یا JSON نامعتبر است', en: 'empty or invalid JSON body', retryable: false },
  '4145': { fa: 'بسته صورتحساب «payload»، «requestTraceId» یا «fiscalId» ندارد', en: 'packet lacks payload/requestTraceId/fiscalId', retryable: false },
  '4146': { fa: 'مدت اعتبار nonce باید بین ۱۰ تا ۲۰۰ ثانیه باشد', en: 'nonce timeToLive must be 10..200', retryable: false },
  '4148': { fa: 'شناسه یکتای حافظه مالیاتی نامعتبر است', en: 'invalid fiscal id', retryable: false },
  '4162': { fa: 'شناسه پیگیری درخواست (requestTraceId) باید UUID باشد', en: 'requestTraceId must be a UUID', retryable: false },
  '4163': { fa: 'شناسه پیگیری درخواست در یک درخواست تکراری است', en: 'duplicate requestTraceId in one request', retryable: false },
  '4164': { fa: 'بازه زمانی استعلام حداکثر یک هفته است', en: 'inquiry range is at most one week', retryable: false },
  '4170': { fa: 'شماره اقتصادی یافت نشد', en: 'economic code not found', retryable: false },
  '04130': { fa: 'ساختار امضای صورتحساب نادرست است', en: 'invoice JWS malformed', retryable: false },
  '04131': { fa: 'امضا یا گواهی امضای صورتحساب معتبر نیست', en: 'invoice signature or certificate invalid', retryable: false },
  '04132': { fa: 'گواهی امضا مجوز صدور صورتحساب برای این حافظه مالیاتی را ندارد', en: 'certificate has no permission for this fiscal id', retryable: false },
  '04133': { fa: 'حافظه مالیاتی یافت نشد یا غیرفعال است', en: 'fiscal memory not found or inactive', retryable: false },
  '04148': { fa: 'شناسه یکتای حافظه مالیاتی نامعتبر است', en: 'invalid fiscal id', retryable: false },
  '04150': { fa: 'ساختار رمزنگاری صورتحساب نادرست است', en: 'invoice JWE malformed', retryable: false },
  '04152': { fa: 'الگوریتم رمزنگاری صورتحساب باید RSA-OAEP-256 و A256GCM باشد', en: 'JWE alg/enc must be RSA-OAEP-256/A256GCM', retryable: false },
  '04153': { fa: 'بردار اولیه رمزنگاری باید ۹۶ بیتی باشد', en: 'JWE IV must be 96 bits', retryable: false },
  '012802': { fa: 'مقدار «روش تسویه» جزو مقادیر مجاز نیست', en: 'settlement method (setm) not allowed', retryable: false },
  '011107': { fa: 'طول شناسه ملی خریدار نادرست است', en: 'buyer id (bid) has a wrong length', retryable: false },
  '0100604': { fa: 'قالب شماره مالیاتی صورتحساب مرجع نادرست است', en: 'reference taxid (irtaxid) malformed', retryable: false },
  '00000': { fa: 'بیش از ۵۰ خطا و هشدار؛ بقیه نشان داده نشده‌اند', en: 'more than 50 errors and warnings', retryable: false },
};

const CHECK_KIND_FA: Record<string, string> = {
  '0': 'نبود فیلد اجباری', '1': 'ساختار JSON', '2': 'قاعده محاسباتی یا منطقی', '3': 'مغایرت با اطلاعات سامانه', '5': 'تکراری بودن',
};

/** The Persian text for a server code; `serverMessage` (the server's own words) is used when the code is not in the table. */
export function moadianCodeText(code: string, serverMessage?: string): MoadianCodeText {
  const known = MOADIAN_CODES[code];
  if (known) return known;
  if (/^5\d{3}$/.test(code)) return { fa: `خطای داخلی سامانه مودیان (${code})؛ بعداً دوباره ارسال می‌شود`, en: `Moadian server error ${code}; retried later`, retryable: true };
  if (/^[01]\d{4,6}$/.test(code)) {
    const kind = CHECK_KIND_FA[code[1]!] ?? 'کنترل محتوا';
    const level = code[0] === '0' ? 'خطا' : 'هشدار';
    return { fa: `${level} ${kind} (${code})${serverMessage ? `: ${serverMessage}` : ''}`, en: `${code}${serverMessage ? `: ${serverMessage}` : ''}`, retryable: false };
  }
  return { fa: serverMessage ?? `خطای ناشناخته سامانه مودیان (${code})`, en: serverMessage ?? `unknown Moadian code ${code}`, retryable: false };
}
