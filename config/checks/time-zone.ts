const canonicalZones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);

/**
 * IANA zone names. Node's canonical list keeps older spellings (Asia/Calcutta, Europe/Kiev), so a name is also
 * accepted when ICU resolves it as a zone (Asia/Kolkata, Europe/Kyiv); offsets like "+05:00" are not names.
 */
export function isIanaTimeZone(name: string): boolean {
  if (canonicalZones.has(name)) return true;
  if (!/^[A-Za-z]+(\/[A-Za-z0-9_+-]+)+$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
