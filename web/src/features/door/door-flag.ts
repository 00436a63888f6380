/** localStorage flag set once this browser is paired as a door tablet: from then on it shows only the kiosk. */
export const DOOR_FLAG = 'jukinet.door';
