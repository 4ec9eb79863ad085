import { ValidateBy } from 'class-validator';
import { isIanaTimeZone } from './time.js';

/** An IANA zone name (America/New_York), never an abbreviation or a raw offset. */
export const IsTimeZone = () =>
  ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value) => typeof value === 'string' && isIanaTimeZone(value),
      defaultMessage: () => 'must be an IANA time zone such as America/New_York',
    },
  });
