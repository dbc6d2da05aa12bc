import { configConsumerGroup } from './config-consumer-group';

describe('the config consumer group', () => {
  it('names the replica, so the groups of a deployment can be told apart', () => {
    expect(configConsumerGroup('causeway-data-plane-0', 'a1b2c3d4')).toBe('causeway-data-plane-causeway-data-plane-0-a1b2c3d4');
  });

  it('differs between two processes of the same replica: a restart reads the config topic from the beginning again', () => {
    expect(configConsumerGroup('causeway-data-plane-0')).not.toBe(configConsumerGroup('causeway-data-plane-0'));
  });
});
