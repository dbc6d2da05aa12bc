import { refuseToolCallParams } from './tool-call-params';

describe('refuseToolCallParams (tools/call params the SDK would answer as an internal error)', () => {
  it('refuses a tools/call without a name, listing every problem', () => {
    expect(refuseToolCallParams({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { arguments: 'x' } })).toEqual({
      id: 7,
      errors: [
        { field: 'params.name', message: expect.stringContaining('tools/list') },
        { field: 'params.arguments', message: expect.any(String) },
      ],
    });
    expect(refuseToolCallParams({ jsonrpc: '2.0', id: 'a', method: 'tools/call' })).toMatchObject({ id: 'a', errors: [{ field: 'params' }] });
  });

  it('lets well-formed calls, other methods and notifications through', () => {
    expect(refuseToolCallParams({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'slack.post_message', arguments: {} } })).toBeNull();
    expect(refuseToolCallParams({ jsonrpc: '2.0', id: 1, method: 'tools/list' })).toBeNull();
    expect(refuseToolCallParams({ jsonrpc: '2.0', method: 'tools/call', params: {} })).toBeNull();
  });
});
