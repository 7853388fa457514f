import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backend, testApp, type TestApp } from '../../helpers/app.js';
import { hesabfa } from './helpers.js';

/** A domain refusal about an item's unit names Hesabfa's field (HESABFA_FIELDS), alone and in a batch. */
describe(`Hesabfa item refusals name the item's own fields (${backend})`, () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  it('a ConversionFactor of 17 integer digits is refused naming ConversionFactor, in save and batchsave', async () => {
    const one = await hesabfa(t, 'save', { item: { Name: 'کارتن چای', ItemType: 0, Unit: 'کارتن', SubUnit: 'بسته', ConversionFactor: '100000000000000000' } });
    assert.equal(one.Success, false, JSON.stringify(one));
    assert.match(one.ErrorMessage, /ConversionFactor/);
    assert.doesNotMatch(one.ErrorMessage, /conversionRatio/);
    const many = await hesabfa(t, 'batchsave', {
      items: [{ Name: 'یک', ItemType: 0 }, { Name: 'دو', ItemType: 0, Unit: 'کارتن', SubUnit: 'بسته', ConversionFactor: '100000000000000000' }],
    });
    assert.equal(many.Success, false, JSON.stringify(many));
    assert.match(many.ErrorMessage, /items\[1\]/);
    assert.match(many.ErrorMessage, /ConversionFactor/);
    assert.doesNotMatch(many.ErrorMessage, /conversionRatio/);
  });
});
