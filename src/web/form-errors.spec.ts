import { describe, expect, it } from '@jest/globals';
import { CreateRsvpDto } from '../rsvps/dto/rsvp.dto.js';
import { formInteger, parseForm } from './form-errors.js';

describe('parseForm', () => {
  it('gives the DTO as the API would get it: trimmed, without fields it does not know', async () => {
    const { value, errors } = await parseForm(CreateRsvpDto, {
      name: '  Ana  ',
      email: 'ana@example.org',
      partySize: formInteger(' 2 '),
      language: 'es',
      _csrf: 'token',
    });
    expect(errors).toBeUndefined();
    expect({ ...value }).toEqual({ name: 'Ana', email: 'ana@example.org', partySize: 2, language: 'es' });
  });

  it('names the first rule each field broke, for the page texts to translate', async () => {
    const { errors } = await parseForm(CreateRsvpDto, { name: ' ', email: 'x', partySize: formInteger('2.5'), language: 'fr' });
    expect(errors).toEqual({ name: 'isLength', email: 'isEmail', partySize: 'isInt', language: 'isIn' });
  });
});

describe('formInteger', () => {
  it('turns whole numbers typed in a form into numbers and leaves anything else to the validation', () => {
    expect([formInteger('3'), formInteger(' 12 '), formInteger('-1'), formInteger('1e3'), formInteger(''), formInteger(undefined)]).toEqual(
      [3, 12, -1, '1e3', '', undefined],
    );
  });
});
