/** A UUID in any letter case (PostgreSQL's uuid accepts both; compare after lower-casing). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
/** 'YYYY-MM' of a month this system can hold (2000–2999). */
export const MONTH = /^(2\d{3})-(0[1-9]|1[0-2])$/;
