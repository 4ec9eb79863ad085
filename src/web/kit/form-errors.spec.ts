import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { EmailUnconfirmedError } from '../../accounts/auth-errors.js';
import { OwnerUnconfirmedError } from '../../accounts/organization-errors.js';
import { EndsBeforeStartError, SlugTakenError } from '../../events/event-errors.js';
import { TranslationIncompleteError } from '../../messages/message-errors.js';
import { CreateRsvpDto } from '../../rsvps/dto/rsvp.dto.js';
import { EventFullError } from '../../rsvps/rsvp-errors.js';
import { FIELD_REFUSALS, fieldErrorsOf, formInteger, parseForm } from './form-errors.js';

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

describe('fieldErrorsOf', () => {
  it('puts a refusal at the field its code names, as the rule the page texts translate', () => {
    expect(fieldErrorsOf(new SlugTakenError('town-hall'), ['slug-taken', 'capacity-below-taken'])).toEqual({ slug: 'slugTaken' });
    expect(fieldErrorsOf(new EmailUnconfirmedError(), ['email-unconfirmed'])).toEqual({ email: 'unconfirmed' });
  });

  it('puts a refusal without a field of its own at each field its details name', () => {
    expect(fieldErrorsOf(new EndsBeforeStartError(), ['ends-before-start'])).toEqual({ endsAt: 'endsBeforeStart' });
    const half = new TranslationIncompleteError([{ field: 'body.es', message: 'is needed with the Spanish subject' }]);
    expect(fieldErrorsOf(half, ['translation-incomplete'])).toEqual({ 'body.es': 'translationPair' });
  });

  it('leaves alone the codes a page does not name, refusals of no field and anything that is not a refusal', () => {
    // The same code on another page: an owner's unconfirmed address refuses a message, not a field of its form.
    expect(fieldErrorsOf(new OwnerUnconfirmedError(), ['translation-incomplete'])).toBeUndefined();
    expect(fieldErrorsOf(new EventFullError(), ['party-too-large'])).toBeUndefined();
    expect(fieldErrorsOf(new Error('slug-taken'), ['slug-taken'])).toBeUndefined();
  });

  it('has a text in every page language for each rule it gives', () => {
    for (const language of ['en', 'es']) {
      const texts = JSON.parse(readFileSync(new URL(`../../../templates/pages/i18n/${language}.json`, import.meta.url), 'utf8'));
      const missing = Object.values(FIELD_REFUSALS).filter(({ rule }) => typeof texts.fieldErrors[rule] !== 'string');
      expect([language, missing]).toEqual([language, []]);
    }
  });
});
