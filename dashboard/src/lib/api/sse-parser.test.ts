import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser.js';

describe('SseParser', () => {
  it('dispatches an event on a blank line with its type, data and id', () => {
    const p = new SseParser();
    expect(p.feed('event: decision\nid: 7\ndata: {"a":1}\n\n')).toEqual([{ event: 'decision', data: '{"a":1}', id: '7' }]);
    expect(p.lastEventId).toBe('7');
  });

  it('joins multi-line data with newlines and defaults the type to message', () => {
    expect(new SseParser().feed('data: one\ndata:two\n\n')).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('handles chunks split mid-line and CRLF split across chunks', () => {
    const p = new SseParser();
    expect(p.feed('event: out')).toEqual([]);
    expect(p.feed('come\r')).toEqual([]);
    expect(p.feed('\ndata: x\r\n\r')).toEqual([]);
    expect(p.feed('\n')).toEqual([{ event: 'outcome', data: 'x' }]);
  });

  it('ignores comments (heartbeats) and events without data', () => {
    const p = new SseParser();
    expect(p.feed(': ping\n\nevent: breaker\n\n')).toEqual([]);
    expect(p.feed('data: y\n\n')).toEqual([{ event: 'message', data: 'y' }]);
  });

  it('parses several events in one chunk in order', () => {
    const msgs = new SseParser().feed('event: a\ndata: 1\n\nevent: b\ndata: 2\n\n');
    expect(msgs.map((m) => m.event)).toEqual(['a', 'b']);
  });
});
