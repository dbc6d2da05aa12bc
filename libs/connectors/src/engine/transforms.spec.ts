import { renderTemplate } from './render-template';
import { adfFromText } from './transforms';

describe('request templates', () => {
  it('turns plain text into one ADF paragraph per blank-line-separated block', () => {
    expect(adfFromText('One\n\nTwo')).toEqual({
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'One' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Two' }] },
      ],
    });
  });

  it('drops keys, objects and arrays whose inputs are absent', () => {
    const template = {
      transition: { id: { $input: 'id' } },
      update: { comment: [{ add: { body: { $input: 'comment', transform: 'adf_from_text' as const } } }] },
      fixed: 'yes',
    };
    expect(renderTemplate(template, { id: '31' })).toEqual({ transition: { id: '31' }, fixed: 'yes' });
  });
});
